import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

// A guardrail many accounts share: IAM is denied to every principal but the Admin role. A role's
// calls carry the role's ARN as aws:PrincipalArn, so for any other role the Deny always applies.
// A role has no federated-user sessions whose ARN would be another: sts:GetFederationToken must be
// called with an IAM user's long-term credentials, whatever the role's policies allow.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
const IAM_FOR_ADMIN_ONLY = doc({
  Effect: "Deny",
  Action: "iam:*",
  Resource: "*",
  Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin" } },
});

function findingsFor(name: string) {
  const subject = role(name, { attachedPolicyArns: [policyArn("everything"), policyArn("guard")] });
  const managedPolicies = { ...managed("everything", ADMIN), ...managed("guard", IAM_FOR_ADMIN_ONLY) };
  return { subject, findings: run(snapshotWith({ roles: [subject], managedPolicies })) };
}

test("a role allowed everything, sts:GetFederationToken included, but denied IAM by its ARN is no administrator", () => {
  const { subject, findings } = findingsFor("Dev");
  assert.deepEqual(findingsOf(findings, "admin-access", subject.arn), []);
});

test("the role the guardrail exempts is an administrator in full", () => {
  const { subject, findings } = findingsFor("Admin");
  const [admin] = findingsOf(findings, "admin-access", subject.arn);
  assert.equal(admin?.severity, "critical", JSON.stringify(admin));
});
