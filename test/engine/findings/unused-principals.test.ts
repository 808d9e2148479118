import assert from "node:assert/strict";
import { test } from "node:test";
import { unusedRole } from "../../../core/engine/findings/unused-role.js";
import { unusedUser } from "../../../core/engine/findings/unused-user.js";
import type { UserCredentials } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { allowDoc, credentials, role, user } from "../../helpers/snapshot-fixture.js";
import { contextFor, daysAgo, iso, NOW, seen, snapshotAtNow } from "./context.js";

const roleFindings = (r: ReturnType<typeof role>, extra = {}) =>
  unusedRole.detect(contextFor(snapshotAtNow({ roles: [r] }), extra));

test("a role last used before the window is unused, with the date as evidence", () => {
  const [finding] = roleFindings(role("old", { roleLastUsed: { date: iso(120), region: "us-east-1" } }));
  assert.equal(finding?.kind, "unused-role");
  assert.equal(finding?.evidence.lastUsed, iso(120));
  assert.equal(finding?.severity, "medium");
});

test("a role used inside the window is not reported", () => {
  assert.deepEqual(roleFindings(role("busy", { roleLastUsed: { date: iso(10) } })), []);
});

test("an empty RoleLastUsed (not used in AWS's tracking period) makes a role unused", () => {
  const [finding] = roleFindings(role("idle", { roleLastUsed: {} }));
  assert.equal(finding?.evidence.lastUsed, null);
});

test("an empty RoleLastUsed shows no use in AWS's 400-day tracking period only: a longer window is unknown", () => {
  const idle = role("idle", { createDate: iso(2000), roleLastUsed: {} });
  const window = (days: number) => ({ window: { start: iso(days), end: NOW.toISOString(), days } });
  assert.deepEqual(roleFindings(idle, window(500)), []);
  assert.equal(roleFindings(idle, window(400)).length, 1);
  const dated = role("dated", { createDate: iso(2000), roleLastUsed: { date: iso(900) } });
  assert.equal(roleFindings(dated, window(500)).length, 1, "a date before the window still speaks");
});

test("a role with no usage data at all is unknown, not unused", () => {
  assert.deepEqual(roleFindings(role("dark")), []);
});

test("a role created inside the window is too young to judge", () => {
  assert.deepEqual(roleFindings(role("new", { createDate: iso(30), roleLastUsed: {} })), []);
});

test("a service-linked role is reported as info only", () => {
  const [finding] = roleFindings(role("AWSServiceRoleForX", { serviceLinked: true, roleLastUsed: {} }));
  assert.equal(finding?.severity, "info");
});

test("CloudTrail activity in the window outweighs an old RoleLastUsed", () => {
  const r = role("seen", { roleLastUsed: { date: iso(200) } });
  assert.deepEqual(roleFindings(r, { activity: seen(() => daysAgo(5)) }), []);
});

/** A role allowed `action`, with no usage data of IAM's own. */
const allowedTo = (name: string, action: string) =>
  role(name, { inlinePolicies: [{ name: "p", document: allowDoc(action) }] });
/** CloudTrail evidence covering the window that saw no one, recording only `actions`. */
const silent = (...actions: string[]) => {
  const observable = catalog.emptySet();
  for (const action of actions) observable.add(catalog.action(action)!.id);
  return { ...seen(() => undefined), observable };
};

test("CloudTrail activity that covers the window is usage data: not seen means unused", () => {
  const [finding] = roleFindings(allowedTo("unseen", "ec2:RunInstances"), {
    activity: silent("ec2:RunInstances"),
  });
  assert.deepEqual(finding?.evidence.sources, [{ source: "CloudTrail", lastUsed: null }]);
});

test("CloudTrail silence says nothing of a principal none of whose actions it records", () => {
  // s3:GetObject is a data event: a trail that does not log them never shows the role's reads.
  const reader = allowedTo("reader", "s3:GetObject");
  assert.deepEqual(roleFindings(reader, { activity: silent("ec2:RunInstances") }), []);
  const u = user("reader", { inlinePolicies: [{ name: "p", document: allowDoc("s3:GetObject") }] });
  const snapshot = snapshotAtNow({ users: [u] });
  assert.deepEqual(unusedUser.detect(contextFor(snapshot, { activity: silent("ec2:RunInstances") })), []);
});

test("CloudTrail activity that does not cover the window proves nothing: not seen is unknown", () => {
  assert.deepEqual(roleFindings(role("unseen"), { activity: seen(() => undefined, false) }), []);
});

test("service last-accessed data inside the window keeps a role from being unused", () => {
  const r = role("svc");
  const snapshot = snapshotAtNow({
    roles: [r],
    lastAccessed: {
      [r.arn]: { services: [{ namespace: "s3", lastAuthenticated: iso(3) }, { namespace: "ec2" }] },
    },
  });
  assert.deepEqual(unusedRole.detect(contextFor(snapshot)), []);
});

// The users below were listed live: no SSH public key or service-specific credential
// (`otherCredentials: []`), which the credential report leaves out (unlisted-credentials.test.ts).
test("a user whose password and keys were last used before the window is unused", () => {
  const u = user("gone");
  const c = credentials("gone", {
    password: { enabled: true, lastUsed: iso(200) },
    accessKeys: [{ slot: 1, status: "Active", created: iso(400), lastUsed: iso(150) }],
    otherCredentials: [],
  });
  const [finding] = unusedUser.detect(
    contextFor(snapshotAtNow({ users: [u], credentials: { [c.userArn]: c } })),
  );
  assert.equal(finding?.evidence.lastUsed, iso(150));
});

test("a user with a key used yesterday is not unused", () => {
  const c = credentials("active", {
    accessKeys: [{ slot: 1, status: "Active", created: iso(400), lastUsed: iso(1) }],
  });
  assert.deepEqual(
    unusedUser.detect(
      contextFor(snapshotAtNow({ users: [user("active")], credentials: { [c.userArn]: c } })),
    ),
    [],
  );
});

test("a user whose password's last use the report does not give is unknown, whatever its idle key says", () => {
  // password_last_used unreadable (a report whose dates a tool rewrote): the report warns and
  // leaves it unknown, and the password may have signed in yesterday.
  const c = credentials("clerk", {
    password: { enabled: true },
    accessKeys: [{ slot: 1, status: "Active", created: iso(400), lastUsed: null }],
    otherCredentials: [],
  });
  const detect = (creds: UserCredentials) =>
    unusedUser.detect(
      contextFor(snapshotAtNow({ users: [user("clerk")], credentials: { [creds.userArn]: creds } })),
    );
  assert.deepEqual(detect(c), []);
  assert.equal(
    detect({ ...c, password: { enabled: true, lastUsed: iso(200) } }).length,
    1,
    "both known: unused",
  );
  // A key whose last use is unknown beside a password unused for months: unknown too.
  const key = { slot: 1, status: "Active" as const, created: iso(400) };
  assert.deepEqual(detect({ ...c, password: { enabled: true, lastUsed: iso(200) }, accessKeys: [key] }), []);
});

test("a user whose key was created inside the window is unknown from the report alone: it may replace one used until then", () => {
  // The report lists current keys only: a key rotated out three weeks ago, used daily until then,
  // leaves no trace, and its successor waits for the next deploy.
  const withKey = (created: string) =>
    credentials("deployer", {
      accessKeys: [{ slot: 1, status: "Active", created, lastUsed: null }],
      otherCredentials: [],
    });
  const detect = (c: UserCredentials) =>
    unusedUser.detect(
      contextFor(snapshotAtNow({ users: [user("deployer")], credentials: { [c.userArn]: c } })),
    );
  assert.deepEqual(detect(withKey(iso(21))), []);
  assert.equal(detect(withKey(iso(400))).length, 1, "a key older than the window, never used: unused");
});

test("a user whose key's creation date the report leaves unreadable is unknown from the report alone", () => {
  // access_key_1_last_rotated unreadable: the key may be one made yesterday to replace a used one.
  const c = credentials("deployer", { accessKeys: [{ slot: 1, status: "Active", lastUsed: null }] });
  const ctx = contextFor(snapshotAtNow({ users: [user("deployer")], credentials: { [c.userArn]: c } }));
  assert.deepEqual(unusedUser.detect(ctx), []);
});

test("a user without a credential report entry is unknown, not unused", () => {
  assert.deepEqual(unusedUser.detect(contextFor(snapshotAtNow({ users: [user("nodata")] }))), []);
});

test("a user pushing to CodeCommit over SSH is not called unused from its idle password and keys", () => {
  const u = user("git", { inlinePolicies: [{ name: "p", document: allowDoc("codecommit:GitPush") }] });
  const idle = (otherCredentials: UserCredentials["otherCredentials"]) =>
    credentials("git", {
      password: { enabled: true, lastUsed: iso(200) },
      ...(otherCredentials ? { otherCredentials } : {}),
    });
  const detect = (c: UserCredentials, extra = {}) =>
    unusedUser.detect(contextFor(snapshotAtNow({ users: [u], credentials: { [c.userArn]: c } }), extra));
  const ssh = [{ kind: "ssh-public-key" as const, id: "APKAEIBAERJR2EXAMPLE", active: true }];
  assert.equal(detect(idle([])).length, 1, "nothing else to use it by: unused");
  assert.deepEqual(detect(idle(ssh)), [], "its SSH key's use is recorded nowhere IAM keeps: unknown");
  const inactive = [{ ...ssh[0]!, active: false }];
  assert.equal(detect(idle(inactive)).length, 1, "an inactive key cannot be used");
  // A trail that records git pushes and saw none: unused, saying which credentials it also holds.
  const [finding] = detect(idle(ssh), { activity: silent("codecommit:GitPush") });
  assert.match(finding?.detail ?? "", /SSH public key APKAEIBAERJR2EXAMPLE/);
  assert.deepEqual(finding?.evidence.otherCredentials, ssh);
});
