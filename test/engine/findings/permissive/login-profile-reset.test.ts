import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { credentials, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * UpdateLoginProfile "changes the password for the specified IAM user": a user without a console
 * password has no login profile ("A user with programmatic access does not have a login profile
 * unless you create a password"), and the call is refused with NoSuchEntity. Where the credential
 * report shows the administrator without a password, resetting it is no way in; a caller that may
 * also create one takes iam-004 instead.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
 */
const boss = user("boss", { inlinePolicies: [{ name: "a", document: ADMIN }] });

const escalation = (actions: string[], hasPassword: boolean | undefined) => {
  const helpdesk = user("helpdesk", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: boss.arn }) }],
  });
  const report =
    hasPassword === undefined
      ? {}
      : { [boss.arn]: credentials("boss", { password: { enabled: hasPassword, lastUsed: null } }) };
  return findingsOf(
    run(snapshotWith({ users: [helpdesk, boss], credentials: report })),
    "privilege-escalation",
    helpdesk.arn,
  )[0];
};

test("resetting the console password of an administrator that has none is no path", () => {
  assert.equal(escalation(["iam:UpdateLoginProfile"], false), undefined);
});

test("resetting the console password of an administrator that has one stays a certain path", () => {
  const finding = escalation(["iam:UpdateLoginProfile"], true);
  assert.deepEqual(pathIds(finding), ["iam-006"]);
  assert.equal(finding?.severity, "high");
});

test("without a credential report, whether the administrator has a password is unknown: the path stays", () => {
  assert.deepEqual(pathIds(escalation(["iam:UpdateLoginProfile"], undefined)), ["iam-006"]);
});

test("a caller that may create the missing password takes that path instead", () => {
  assert.deepEqual(pathIds(escalation(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"], false)), [
    "iam-004",
  ]);
});
