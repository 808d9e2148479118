import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { accessKeyNotRotated } from "../../../core/engine/findings/access-key-not-rotated.js";
import { consoleWithoutMfa } from "../../../core/engine/findings/console-without-mfa.js";
import type { FindingContext } from "../../../core/engine/findings/context.js";
import { identityConfig } from "../../../core/engine/findings/identity-context.js";
import { multipleActiveAccessKeys } from "../../../core/engine/findings/multiple-active-access-keys.js";
import { unusedAccessKey } from "../../../core/engine/findings/unused-access-key.js";
import { unusedPassword } from "../../../core/engine/findings/unused-password.js";
import type { UserCredentials } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { credentials } from "../../helpers/snapshot-fixture.js";
import { contextFor, daysAgo, iso, snapshotAtNow } from "./context.js";

const ctx = (...list: UserCredentials[]) =>
  contextFor(snapshotAtNow({ credentials: Object.fromEntries(list.map((c) => [c.userArn, c])) }));

test("unused-password: not used for more than 45 days", () => {
  const [f] = unusedPassword.detect(
    ctx(credentials("a", { password: { enabled: true, lastUsed: iso(46) } })),
  );
  assert.equal(f?.evidence.passwordLastUsed, iso(46));
  assert.deepEqual(
    unusedPassword.detect(ctx(credentials("b", { password: { enabled: true, lastUsed: iso(44) } }))),
    [],
  );
});

test("unused-password: never used, set more than 45 days ago; unknown (no_information) is not reported", () => {
  const never = credentials("n", { password: { enabled: true, lastUsed: null, lastChanged: iso(60) } });
  assert.match(unusedPassword.detect(ctx(never))[0]?.title ?? "", /never signed in/);
  const fresh = credentials("f", { password: { enabled: true, lastUsed: null, lastChanged: iso(5) } });
  assert.deepEqual(unusedPassword.detect(ctx(fresh)), []);
  assert.deepEqual(unusedPassword.detect(ctx(credentials("u", { password: { enabled: true } }))), []);
});

test("unused-password: a console sign-in CloudTrail shows is a use of the password, whatever the report says", () => {
  // A credential report read once and kept lags behind the trail read with it.
  const c = credentials("a", { password: { enabled: true, lastUsed: null, lastChanged: iso(200) } });
  const activity = {
    observable: catalog.emptySet(),
    covers: true,
    lastSeen: () => daysAgo(3),
    usageOf: (arn: string) =>
      arn === c.userArn
        ? {
            principal: { kind: "user" as const, id: arn },
            events: 1,
            firstSeen: iso(3),
            lastSeen: iso(3),
            consoleSignIn: iso(3),
            accessKeys: [],
            actions: [],
          }
        : undefined,
  };
  assert.deepEqual(unusedPassword.detect({ ...ctx(c), activity }), []);
  const old = {
    ...activity,
    usageOf: (arn: string) => ({ ...activity.usageOf(arn)!, consoleSignIn: iso(60) }),
  };
  const [f] = unusedPassword.detect({ ...ctx(c), activity: old });
  assert.equal(f?.evidence.passwordLastUsed, iso(60));
});

test("unused-password honours a configured threshold", () => {
  const c = credentials("a", { password: { enabled: true, lastUsed: iso(46) } });
  const context = { ...ctx(c), config: identityConfig({ unusedPasswordDays: 90 }) };
  assert.deepEqual(unusedPassword.detect(context), []);
});

test("unused-access-key: stale, and never used but older than the threshold; inactive keys are ignored", () => {
  const c = credentials("k", {
    accessKeys: [
      { id: "AKIASTALE", status: "Active", created: iso(300), lastUsed: iso(50) },
      { id: "AKIANEVER", status: "Active", created: iso(46), lastUsed: null },
      { id: "AKIAFRESH", status: "Active", created: iso(10), lastUsed: null },
      { id: "AKIAOFF", status: "Inactive", created: iso(300), lastUsed: null },
    ],
  });
  assert.deepEqual(
    unusedAccessKey.detect(ctx(c)).map((f) => f.evidence.key),
    ["AKIASTALE", "AKIANEVER"],
  );
});

test("access-key-not-rotated: active keys older than 90 days", () => {
  const c = credentials("r", {
    accessKeys: [
      { id: "AKIAOLD", status: "Active", created: iso(91), lastUsed: iso(1) },
      { id: "AKIANEW", status: "Active", created: iso(89), lastUsed: iso(1) },
    ],
  });
  assert.deepEqual(
    accessKeyNotRotated.detect(ctx(c)).map((f) => f.evidence.key),
    ["AKIAOLD"],
  );
});

test("multiple-active-access-keys: two active keys, not one active and one inactive", () => {
  const two = credentials("two", {
    accessKeys: [
      { slot: 1, status: "Active", created: iso(1) },
      { slot: 2, status: "Active", created: iso(2) },
    ],
  });
  const rotated = credentials("rotated", {
    accessKeys: [
      { slot: 1, status: "Active", created: iso(1) },
      { slot: 2, status: "Inactive", created: iso(2) },
    ],
  });
  assert.deepEqual(
    multipleActiveAccessKeys.detect(ctx(two, rotated)).map((f) => f.principalArn),
    [two.userArn],
  );
});

test("console-without-mfa: a password without MFA; MFA or no password is fine", () => {
  const bare = credentials("bare", { password: { enabled: true, lastUsed: iso(1) } });
  const mfa = credentials("mfa", { password: { enabled: true, lastUsed: iso(1) }, mfa: { active: true } });
  const keysOnly = credentials("keys");
  assert.deepEqual(
    consoleWithoutMfa.detect(ctx(bare, mfa, keysOnly)).map((f) => f.principalArn),
    [bare.userArn],
  );
});

test("a finding's id does not change when its dates do", () => {
  const a = unusedPassword.detect(ctx(credentials("a", { password: { enabled: true, lastUsed: iso(50) } })));
  const b = unusedPassword.detect(ctx(credentials("a", { password: { enabled: true, lastUsed: iso(70) } })));
  assert.equal(a[0]?.id, b[0]?.id);
});

describe("unused-access-key and CloudTrail", () => {
  const seen = (accessKeyId: string, days: number): Partial<FindingContext> => ({
    activity: {
      observable: catalog.emptySet(),
      covers: true,
      lastSeen: () => daysAgo(days),
      usageOf: (arn) => ({
        principal: { kind: "user", id: arn },
        events: 1,
        firstSeen: iso(days),
        lastSeen: iso(days),
        accessKeys: [{ accessKeyId, count: 1, lastSeen: iso(days) }],
        actions: [],
      }),
    },
  });
  const detect = (c: UserCredentials, extra: Partial<FindingContext>) =>
    unusedAccessKey.detect({ ...ctx(c), ...extra });

  test("a key seen signing calls is never reported as never used, matched by key id", () => {
    const c = credentials("k", {
      accessKeys: [
        { id: "AKIASEEN", status: "Active", created: iso(200), lastUsed: null },
        { id: "AKIAOTHER", status: "Active", created: iso(200), lastUsed: null },
      ],
    });
    const findings = detect(c, seen("AKIASEEN", 3));
    assert.deepEqual(
      findings.map((f) => f.evidence.key),
      ["AKIAOTHER"],
    );
  });

  test("without key ids, the use is the user's only active key's", () => {
    const c = credentials("k", {
      accessKeys: [
        { slot: 1, status: "Active", created: iso(200), lastUsed: null },
        { slot: 2, status: "Inactive", created: iso(300), lastUsed: null },
      ],
    });
    assert.deepEqual(detect(c, seen("AKIAFROMTRAIL", 3)), []);
    const stale = detect(c, seen("AKIAFROMTRAIL", 60));
    assert.match(stale[0]?.title ?? "", /has not been used for 60 days/);
    assert.equal(stale[0]?.evidence.lastSeenInCloudTrail, iso(60));
  });

  test("without key ids and with two active keys, either may have signed: neither is called unused", () => {
    const c = credentials("k", {
      accessKeys: [
        { slot: 1, status: "Active", created: iso(200), lastUsed: null },
        { slot: 2, status: "Active", created: iso(200), lastUsed: null },
      ],
    });
    assert.deepEqual(detect(c, seen("AKIAFROMTRAIL", 3)), []);
  });
});
