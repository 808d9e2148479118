import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

/** A RunInstances call from launch template lt-0abc by a session of `roleArn`, with these further parameters. */
const launchFromTemplate = (roleArn: string, parameters: object = {}, instanceId = "i-1") =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "launcher"),
    requestParameters: {
      instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
      launchTemplate: { launchTemplateId: "lt-0abc", version: "$Latest" },
      ...parameters,
    },
    responseElements: { instancesSet: { items: [{ instanceId }] } },
  } as never);

// A role that launches instances from a launch template whose data holds TagSpecifications (the
// usual way tags are applied): EC2 authorizes those tags as ec2:CreateTags at RunInstances, but
// the RunInstances record names only the template (launchTemplate {launchTemplateId, version}),
// not its tags. Nothing in the record shows the tags absent, so ec2:CreateTags cannot be called
// verified unused.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
test("RunInstances from a launch template keeps ec2:CreateTags (the template's tags are not in the record)", async () => {
  const launcher = role("launcher", {
    ...ownPolicy([{ Effect: "Allow", Action: ["ec2:RunInstances", "ec2:CreateTags"], Resource: "*" }]),
  });
  const report = await auditOf(snapshotWith({ roles: [launcher] }), [launchFromTemplate(launcher.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === launcher.arn);
  const text = JSON.stringify(rec?.policies.map((p) => p.document));
  assert.match(
    text,
    /ec2:CreateTags/,
    `removed ${JSON.stringify(rec?.removedActions)} verified ${rec?.removedVerified}`,
  );
});

test("RunInstances from a launch template keeps ssm:GetParameters as inferred (the template may name its image by a parameter)", async () => {
  const launcher = role("launcher", {
    ...ownPolicy([{ Effect: "Allow", Action: ["ec2:RunInstances", "ssm:GetParameters"], Resource: "*" }]),
  });
  const report = await auditOf(snapshotWith({ roles: [launcher] }), [launchFromTemplate(launcher.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === launcher.arn);
  assert.ok(rec);
  assert.match(JSON.stringify(rec.policies.map((p) => p.document)), /ssm:GetParameters/);
  assert.ok(rec.inferredActions.includes("ssm:GetParameters"), JSON.stringify(rec.inferredActions));
});

test("what a launch template may need is kept only where granted today, never added", async () => {
  const launcher = role("launcher", {
    ...ownPolicy([{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }]),
  });
  const report = await auditOf(snapshotWith({ roles: [launcher] }), [launchFromTemplate(launcher.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === launcher.arn);
  assert.ok(rec);
  const text = JSON.stringify(rec.policies.map((p) => p.document));
  assert.match(text, /ec2:RunInstances/);
  assert.doesNotMatch(text, /ec2:CreateTags|ssm:GetParameters|iam:PassRole/);
});

// Reported as not allowed, an action reads as one the workload needs and lacks: what a template
// only may hold is not that, while a role the call certainly passed still is.
test("what a launch template may need and is not granted today is not reported as not allowed", async () => {
  const launcher = role(
    "launcher",
    ownPolicy([{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }]),
  );
  const passing = launchFromTemplate(
    launcher.arn,
    { iamInstanceProfile: { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` } },
    "i-2",
  );
  const report = await auditOf(snapshotWith({ roles: [launcher] }), [launchFromTemplate(launcher.arn)]);
  const rec = report.recommendations.find((r) => r.principalArn === launcher.arn);
  assert.ok(rec);
  assert.deepEqual(rec.notAllowed, []);
  const both = await auditOf(snapshotWith({ roles: [launcher] }), [
    launchFromTemplate(launcher.arn),
    passing,
  ]);
  const withRole = both.recommendations.find((r) => r.principalArn === launcher.arn);
  assert.deepEqual(
    withRole?.notAllowed.map((n) => n.action),
    ["iam:PassRole"],
  );
});
