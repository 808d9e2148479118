import assert from "node:assert/strict";
import { test } from "node:test";
import { riskClassifier } from "../../../core/engine/audit/risk-classes.js";
import { ESCALATION_PATHS } from "../../../core/engine/findings/permissive/escalation/paths.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "../findings/permissive/fixture.js";

test("an action's risk classes are the same whatever its spelling, asked once or again", () => {
  const classify = riskClassifier(catalog);
  const passRole = classify("iam:PassRole");
  assert.ok(passRole.includes("privilege-escalation"));
  for (const spelling of ["iam:PassRole", "IAM:passrole", "iam:PASSROLE", "iam:PassRole"])
    assert.deepEqual(classify(spelling), passRole, spelling);
  // A lower-cased first answer must not stand for a later, different action.
  assert.deepEqual(classify("s3:ListAllMyBuckets"), []);
  assert.deepEqual(classify("iam:passrole"), passRole);
});

test("a path's look-up of its target is no privilege-escalation action; what it acts with is", () => {
  const classify = riskClassifier(catalog);
  for (const action of ["ec2:DescribeInstances", "ecs:DescribeTasks"])
    assert.ok(!classify(action).includes("privilege-escalation"), action);
  for (const action of [
    "iam:PassRole",
    "ec2:RunInstances",
    "lambda:CreateFunction",
    "iam:CreatePolicyVersion",
    "iam:AttachRolePolicy",
    "ec2-instance-connect:SendSSHPublicKey",
    "ecs:ExecuteCommand",
  ])
    assert.ok(classify(action).includes("privilege-escalation"), action);
});

test("the path actions that only read (List or Read in the catalog) are the look-ups", () => {
  for (const { id, requires } of ESCALATION_PATHS)
    for (const requirement of requires) {
      const action = catalog.actions.find((a) => a.key.toLowerCase() === requirement.action.toLowerCase());
      assert.ok(action, requirement.action);
      const reads = action.accessLevel === "List" || action.accessLevel === "Read";
      assert.equal(requirement.lookUp === true, reads, `${id} ${requirement.action}`);
    }
});

test("a summary's resource-exposure actions are those the resource-exposure finding counts", () => {
  const classify = riskClassifier(catalog);
  const admin = role("admin", { attachedPolicyArns: [policyArn("all")] });
  const all = doc({ Effect: "Allow", Action: "*", Resource: "*" });
  const findings = run(snapshotWith({ roles: [admin], managedPolicies: managed("all", all) }));
  const [finding] = findingsOf(findings, "resource-exposure", admin.arn);
  const classed = catalog.actions.filter((a) => classify(a.key).includes("resource-exposure"));
  assert.equal(classed.length, finding?.evidence.count);
  // Permissions management actions the older list of resource policy writes left out.
  for (const action of ["sqs:SetQueueAttributes", "dynamodb:PutResourcePolicy", "sns:SetTopicAttributes"])
    assert.ok(classify(action).includes("resource-exposure"), action);
  assert.deepEqual(classify("fsx:GetResourcePolicy"), []);
});
