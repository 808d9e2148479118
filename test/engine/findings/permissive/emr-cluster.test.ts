import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

/**
 * An EMR cluster's instances run as its EC2 instance profile role, and so do the steps RunJobFlow
 * names: passing a privileged one (and any EMR service role) to a new cluster runs the caller's
 * commands as it. A step added to a running cluster does the same.
 * https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-for-ec2.html
 * https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-roles-create-permissions.html
 */
const nodes = role("emr-nodes", {
  trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
  inlinePolicies: [{ name: "a", document: ADMIN }],
  instanceProfiles: [
    { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/emr-nodes`, name: "emr-nodes", id: "AIPAnodes" },
  ],
});
const service = role("emr-service", {
  trustPolicy: trustDoc({ Service: "elasticmapreduce.amazonaws.com" }),
  inlinePolicies: [
    { name: "s", document: doc({ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }) },
  ],
});

const escalation = (statements: object[], roles = [nodes, service]) => {
  const analyst = user("analyst", { inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  return findingsOf(run(snapshotWith({ users: [analyst], roles })), "privilege-escalation", analyst.arn)[0];
};
const RUN = { Effect: "Allow", Action: "elasticmapreduce:RunJobFlow", Resource: "*" };
const PASS = { Effect: "Allow", Action: "iam:PassRole", Resource: "*" };

test("a new EMR cluster with a privileged instance profile role is a certain path", () => {
  const finding = escalation([RUN, PASS]);
  assert.deepEqual(pathIds(finding), ["whittle-emr-cluster-steps"]);
  assert.ok(finding);
  assert.equal(finding.severity, "high");
  const steps = (finding.evidence.paths as { steps: { targets: string[] }[] }[])[0]!.steps;
  assert.deepEqual(steps[0]!.targets, [nodes.arn]);
  assert.deepEqual(steps[1]!.targets, [service.arn]);
});

test("no role EMR can assume as its service role, or no pass of it, is no new-cluster path", () => {
  assert.equal(escalation([RUN, PASS], [nodes]), undefined);
  assert.equal(escalation([RUN, { ...PASS, Resource: nodes.arn }]), undefined);
});

test("a pass allowed only to EC2 by name leaves the new-cluster path undecided", () => {
  const toEc2 = { ...PASS, Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } };
  const toEmr = { ...PASS, Resource: service.arn };
  const finding = escalation([RUN, toEc2, toEmr]);
  assert.deepEqual(pathIds(finding), ["whittle-emr-cluster-steps"]);
  assert.equal(finding?.severity, "medium");
});

test("a step added to a running cluster runs as the cluster's instance profile role", () => {
  const finding = escalation([
    { Effect: "Allow", Action: "elasticmapreduce:AddJobFlowSteps", Resource: "*" },
  ]);
  assert.deepEqual(pathIds(finding), ["whittle-emr-add-steps"]);
});
