import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/** The resource-exposure findings of a role allowed `actions` on every resource. */
const exposure = (actions: string[]) => {
  const app = role("app", { attachedPolicyArns: [policyArn("p")] });
  const document = doc({ Effect: "Allow", Action: actions, Resource: "*" });
  const findings = run(snapshotWith({ roles: [app], managedPolicies: managed("p", document) }));
  return findingsOf(findings, "resource-exposure", app.arn);
};

test("rewriting any queue's, topic's or table's resource policy is resource exposure", () => {
  // SetQueueAttributes and SetTopicAttributes set the Policy attribute; AWS classes all three as
  // Permissions management.
  for (const action of ["sqs:SetQueueAttributes", "sns:SetTopicAttributes", "dynamodb:PutResourcePolicy"]) {
    const [finding] = exposure([action]);
    assert.equal(finding?.severity, "medium", action);
    assert.deepEqual(finding.actions, [action]);
  }
});

test("sharing any AMI or RDS snapshot with all accounts is resource exposure", () => {
  for (const action of [
    "ec2:ModifyImageAttribute",
    "rds:ModifyDBSnapshotAttribute",
    "rds:ModifyDBClusterSnapshotAttribute",
  ])
    assert.equal(exposure([action])[0]?.severity, "medium", action);
});

test("reading a resource policy is no resource exposure, whatever its access level", () => {
  assert.deepEqual(exposure(["fsx:GetResourcePolicy", "secretsmanager:ValidateResourcePolicy"]), []);
});

test("writing a resource policy AWS classes as a Write is resource exposure", () => {
  // Each attaches a policy naming who may reach the resource, another account or everyone
  // included; the catalog gives them the Write access level, not Permissions management.
  for (const action of [
    "kinesis:PutResourcePolicy",
    "cloudtrail:PutResourcePolicy",
    "redshift-serverless:PutResourcePolicy",
    "codeartifact:PutRepositoryPermissionsPolicy",
    "serverlessrepo:PutApplicationPolicy",
    "aoss:CreateAccessPolicy",
    "aoss:UpdateSecurityPolicy",
  ]) {
    const [finding] = exposure([action]);
    assert.equal(finding?.severity, "medium", action);
  }
});

test("sharing an FPGA image with other accounts is resource exposure", () => {
  assert.equal(exposure(["ec2:ModifyFpgaImageAttribute"])[0]?.severity, "medium");
});
