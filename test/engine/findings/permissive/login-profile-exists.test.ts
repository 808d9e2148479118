import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { credentials, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * CreateLoginProfile fails for a user that already has a console password (EntityAlreadyExists):
 * where the credential report shows the administrator with one, creating a password for it is no
 * way in, unless the caller may delete that password first.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
 */
const boss = user("boss", { inlinePolicies: [{ name: "a", document: ADMIN }] });

const escalation = (actions: string[], hasPassword: boolean) => {
  const helpdesk = user("helpdesk", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: boss.arn }) }],
  });
  const report = { [boss.arn]: credentials("boss", { password: { enabled: hasPassword, lastUsed: null } }) };
  return findingsOf(
    run(snapshotWith({ users: [helpdesk, boss], credentials: report })),
    "privilege-escalation",
    helpdesk.arn,
  )[0];
};

test("a console password for an administrator that has one already is no path", () => {
  assert.equal(escalation(["iam:CreateLoginProfile"], true), undefined);
});

test("a console password for an administrator without one stays a certain path", () => {
  const finding = escalation(["iam:CreateLoginProfile"], false);
  assert.deepEqual(pathIds(finding), ["iam-004"]);
  assert.equal(finding?.severity, "high");
});

test("a caller that may delete the administrator's password first keeps the path", () => {
  assert.deepEqual(pathIds(escalation(["iam:CreateLoginProfile", "iam:DeleteLoginProfile"], true)), [
    "iam-004",
  ]);
});
