import assert from "node:assert/strict";
import { test } from "node:test";
import type { FindingContext } from "../../../core/engine/findings/context.js";
import { unusedAccessKey } from "../../../core/engine/findings/unused-access-key.js";
import { unusedPassword } from "../../../core/engine/findings/unused-password.js";
import { unusedRole } from "../../../core/engine/findings/unused-role.js";
import { unusedUser } from "../../../core/engine/findings/unused-user.js";
import { allowDoc, credentials, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { contextFor, seen } from "./context.js";

// The reviewer's case: audited 2026-06-01 over 90 days, a role and a key last used 2025-12-31.
const LAST = "2025-12-31T00:00:00.000Z";
const ops = role("ops", {
  roleLastUsed: { date: LAST, region: "us-east-1" },
  inlinePolicies: [{ name: "p", document: allowDoc("iam:ListUsers") }],
});
const dev = user("dev", { inlinePolicies: [{ name: "p", document: allowDoc("iam:ListUsers") }] });
const devKeys = credentials("dev", {
  password: { enabled: true, lastUsed: LAST },
  accessKeys: [
    { id: "AKIADEV", slot: 1, status: "Active", created: "2025-01-01T00:00:00.000Z", lastUsed: LAST },
  ],
  // Listed live: no SSH public key or service-specific credential, which the report leaves out.
  otherCredentials: [],
});

/** The detectors of IAM's last-used data on a snapshot collected at `collectedAt`, audited at NOW. */
function idleFindings(collectedAt: string, extra: Partial<FindingContext> = {}) {
  const snapshot = snapshotWith({
    collectedAt,
    roles: [ops],
    users: [dev],
    credentials: { [devKeys.userArn]: devKeys },
  });
  const ctx = contextFor(snapshot, extra);
  return [unusedRole, unusedUser, unusedPassword, unusedAccessKey].flatMap((d) => d.detect(ctx));
}

const kinds = (findings: { kind: string }[]) => findings.map((f) => f.kind).sort();
const titleOf = (findings: { kind: string; title: string }[], kind: string) =>
  findings.find((f) => f.kind === kind)?.title;

/** A trail read over the whole window that saw no one, and records the principals' one action. */
const silentTrail = (covers = true) => {
  const trail = seen(() => undefined, covers);
  const observable = trail.observable;
  observable.add(contextFor(snapshotWith()).catalog.action("iam:ListUsers")!.id);
  return trail;
};

test("a snapshot five months older than the audit time calls nothing unused on IAM's last-used data alone", () => {
  assert.deepEqual(idleFindings("2026-01-01T00:00:00.000Z"), []);
});

test("a trail that does not cover the window does not make up for an old snapshot", () => {
  assert.deepEqual(idleFindings("2026-01-01T00:00:00.000Z", { activity: silentTrail(false) }), []);
});

test("a snapshot collected the day before the audit time is judged by IAM's data as before", () => {
  const findings = idleFindings("2026-05-31T00:00:00.000Z");
  assert.deepEqual(kinds(findings), ["unused-access-key", "unused-password", "unused-role", "unused-user"]);
  assert.equal(titleOf(findings, "unused-role"), "Role ops was not used in the last 90 days");
  // Counted to the snapshot, one day short of now: said as of it.
  assert.equal(
    titleOf(findings, "unused-access-key"),
    "AKIADEV of dev has not been used for 151 days as of the snapshot of 2026-05-31T00:00:00.000Z",
  );
  const key = findings.find((f) => f.kind === "unused-access-key");
  assert.equal(key?.evidence.knownUntil, "2026-05-31T00:00:00.000Z");
});

test("a snapshot taken at the audit time counts to now; one taken hours before, to the snapshot", () => {
  const atNow = idleFindings("2026-06-01T00:00:00.000Z");
  assert.equal(titleOf(atNow, "unused-access-key"), "AKIADEV of dev has not been used for 152 days");
  assert.equal(atNow.find((f) => f.kind === "unused-access-key")?.evidence.knownUntil, undefined);
  const hoursBefore = idleFindings("2026-05-31T20:00:00.000Z");
  assert.equal(
    titleOf(hoursBefore, "unused-access-key"),
    "AKIADEV of dev has not been used for 151 days as of the snapshot of 2026-05-31T20:00:00.000Z",
  );
});

test("a silent trail covering the window since an old snapshot shows the role and password unused", () => {
  const findings = idleFindings("2026-03-15T00:00:00.000Z", { activity: silentTrail() });
  assert.deepEqual(kinds(findings), ["unused-password", "unused-role"]);
  assert.equal(
    titleOf(findings, "unused-password"),
    "User dev has not signed in to the console for 152 days",
  );
});

test("no silent trail shows a user or its key unused since an old snapshot: a resource policy may allow it calls no trail records", () => {
  // dev's own policy allows iam:ListUsers alone, which the trail records; a table policy naming
  // dev allows it dynamodb:GetItem on its own (one account), a data event this trail does not
  // log. Only the credential report sees that key's calls, and it ends on March 15.
  const findings = idleFindings("2026-03-15T00:00:00.000Z", { activity: silentTrail() });
  assert.equal(titleOf(findings, "unused-user"), undefined);
  assert.equal(titleOf(findings, "unused-access-key"), undefined);
});

test("a snapshot older than the window leaves days before it unknown: idle for at least the window", () => {
  const findings = idleFindings("2026-01-01T00:00:00.000Z", { activity: silentTrail() });
  assert.deepEqual(kinds(findings), ["unused-password", "unused-role"]);
  assert.equal(
    titleOf(findings, "unused-password"),
    "User dev has not signed in to the console for at least 90 days",
  );
  const detail = findings.find((f) => f.kind === "unused-role")?.detail ?? "";
  assert.match(
    detail,
    /last used on 2025-12-31T00:00:00\.000Z \(the last known: nothing shows the days from the snapshot/,
  );
});

test("a trail whose silence cannot count for the role leaves it unknown under an old snapshot", () => {
  // The trail records neither the role's action nor its assumption.
  const trail = { ...seen(() => undefined), assumptionsRecorded: false };
  const findings = idleFindings("2026-03-15T00:00:00.000Z", { activity: trail });
  assert.equal(titleOf(findings, "unused-role"), undefined);
  assert.equal(titleOf(findings, "unused-access-key"), undefined);
});
