import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { credentials, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
// Allowed everything on every resource but itself: it cannot write itself a policy, but it can
// create an access key for any other user.
const ALL_BUT_SELF = doc({ Effect: "Allow", Action: "*", NotResource: "arn:aws:iam::111122223333:user/dev" });

/** dev's admin-access finding, with boss a user under `bossPolicy`. */
function devAdmin(bossPolicy: object) {
  const dev = user("dev", {
    attachedPolicyArns: [policyArn("admin")],
    permissionsBoundaryArn: policyArn("bound"),
  });
  const boss = user("boss", { attachedPolicyArns: [policyArn("boss")] });
  const managedPolicies = {
    ...managed("admin", ADMIN),
    ...managed("bound", ALL_BUT_SELF),
    ...managed("boss", bossPolicy),
  };
  // The credential report shows boss with no access key: a new one is within the limit of two.
  const report = { [boss.arn]: credentials("boss") };
  const snapshot = snapshotWith({ users: [dev, boss], managedPolicies, credentials: report });
  return findingsOf(run(snapshot), "admin-access", dev.arn)[0];
}

// A new access key signs calls as the user it belongs to, with that user's permissions.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
test("an administrator on every resource but some that can create an access key for a full administrator is one in full", () => {
  const finding = devAdmin(ADMIN);
  assert.equal(finding?.severity, "critical");
  assert.deepEqual(finding.evidence.via, { path: "iam-002", user: "arn:aws:iam::111122223333:user/boss" });
});

test("a user it can take over who is an administrator only under a condition leaves it conditional", () => {
  const mfa = doc({
    Effect: "Allow",
    Action: "*",
    Resource: "*",
    Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
  });
  assert.equal(devAdmin(mfa)?.severity, "high");
});
