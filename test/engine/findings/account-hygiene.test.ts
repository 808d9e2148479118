import assert from "node:assert/strict";
import { test } from "node:test";
import { identityConfig } from "../../../core/engine/findings/identity-context.js";
import { rootAccessKey } from "../../../core/engine/findings/root-access-key.js";
import { rootRecentlyUsed } from "../../../core/engine/findings/root-recently-used.js";
import { weakPasswordPolicy } from "../../../core/engine/findings/weak-password-policy.js";
import type { PasswordPolicy, RootFacts } from "../../../core/engine/snapshot/model.js";
import { ACCOUNT, snapshotWith } from "../../helpers/snapshot-fixture.js";
import { contextFor, daysAgo, iso, seen } from "./context.js";

const rootArn = `arn:aws:iam::${ACCOUNT}:root`;
const root = (extra: Partial<RootFacts> = {}): RootFacts => ({
  arn: rootArn,
  mfaActive: true,
  accessKeys: [],
  ...extra,
});
const strong: PasswordPolicy = {
  status: "present",
  minimumLength: 14,
  reusePrevention: 24,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercase: true,
  requireLowercase: true,
  allowUsersToChange: true,
  expirePasswords: false,
};

test("root-access-key: an active root key is critical; an inactive one is not reported", () => {
  const active = rootAccessKey.detect(
    contextFor(
      snapshotWith({ root: root({ accessKeys: [{ slot: 1, status: "Active", created: iso(500) }] }) }),
    ),
  );
  assert.equal(active[0]?.severity, "critical");
  const inactive = root({ accessKeys: [{ slot: 1, status: "Inactive", created: iso(500) }] });
  assert.deepEqual(rootAccessKey.detect(contextFor(snapshotWith({ root: inactive }))), []);
});

test("root-recently-used: a root sign-in 10 days ago is reported; 100 days ago is not; no report, no finding", () => {
  const recent = rootRecentlyUsed.detect(
    contextFor(snapshotWith({ root: root({ passwordLastUsed: iso(10) }) })),
  );
  assert.equal(recent[0]?.severity, "high");
  assert.deepEqual(
    rootRecentlyUsed.detect(contextFor(snapshotWith({ root: root({ passwordLastUsed: iso(100) }) }))),
    [],
  );
  assert.deepEqual(rootRecentlyUsed.detect(contextFor(snapshotWith())), []);
});

test("root-recently-used: root calls CloudTrail shows count, whatever the credential report says", () => {
  // A root session from sts:AssumeRoot, or a report older than the trail, leaves the report's dates behind.
  const trail = { activity: seen((arn) => (arn === rootArn ? daysAgo(3) : undefined)) };
  const [reported] = rootRecentlyUsed.detect(
    contextFor(snapshotWith({ root: root({ passwordLastUsed: iso(200) }) }), trail),
  );
  assert.equal(reported?.title, "The root user was used 3 days ago");
  assert.deepEqual((reported?.evidence.uses as { credential: string }[] | undefined)?.at(-1), {
    credential: "CloudTrail",
    lastUsed: iso(3),
  });
  const [withoutReport] = rootRecentlyUsed.detect(contextFor(snapshotWith(), trail));
  assert.equal(withoutReport?.principalArn, rootArn);
});

test("weak-password-policy: no policy at all is a finding", () => {
  const [f] = weakPasswordPolicy.detect(contextFor(snapshotWith({ passwordPolicy: { status: "absent" } })));
  assert.equal(f?.title, "The account has no password policy");
});

test("weak-password-policy: short length and no reuse prevention are named; a CIS-strong policy passes", () => {
  const weak: PasswordPolicy = { ...strong, minimumLength: 8, reusePrevention: undefined };
  const [f] = weakPasswordPolicy.detect(contextFor(snapshotWith({ passwordPolicy: weak })));
  assert.deepEqual(f?.evidence.problems, ["minimum length 8 < 14", "reuse prevention 0 < 24"]);
  assert.deepEqual(weakPasswordPolicy.detect(contextFor(snapshotWith({ passwordPolicy: strong }))), []);
});

test("weak-password-policy: character classes only when configured; not collected means no finding", () => {
  const noSymbols: PasswordPolicy = { ...strong, requireSymbols: false };
  assert.deepEqual(weakPasswordPolicy.detect(contextFor(snapshotWith({ passwordPolicy: noSymbols }))), []);
  const strict = { config: identityConfig({ passwordPolicy: { requireCharacterClasses: true } }) };
  assert.equal(
    weakPasswordPolicy.detect(contextFor(snapshotWith({ passwordPolicy: noSymbols }), strict)).length,
    1,
  );
  assert.deepEqual(weakPasswordPolicy.detect(contextFor(snapshotWith())), []);
});
