import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "The user who switches over a blue/green deployment must have permissions to perform the following
// RDS operations: rds:SwitchoverBlueGreenDeployment, rds:ModifyDBInstance, rds:PromoteReadReplica"
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-authorizing-access.html).
// The switchover policy was attached a week ago: held for part of the window only, it is kept, and
// the release's first switchover needs the instance changes it has held all along.
test("the actions checked inside the calls of a recently granted action are not called unused", async () => {
  const switchover = managed("switchover", {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "rds:SwitchoverBlueGreenDeployment", Resource: "*" }],
  });
  const release = role("release", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "rds:DescribeDBInstances",
          "rds:ModifyDBInstance",
          "rds:PromoteReadReplica",
          "rds:DeleteDBInstance",
        ],
        Resource: "*",
      },
    ]),
    attachedPolicyArns: [switchover.arn],
  });
  const snapshot = snapshotWith({ roles: [release], managedPolicies: { [switchover.arn]: switchover } });
  const report = await auditOf(snapshot, [
    eventItem({
      eventSource: "rds.amazonaws.com",
      eventName: "DescribeDBInstances",
      userIdentity: roleSession(release.arn, "release"),
    }),
    eventItem({
      eventSource: "iam.amazonaws.com",
      eventName: "AttachRolePolicy",
      eventTime: "2026-05-25T00:00:00Z",
      userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT },
      requestParameters: { roleName: "release", policyArn: switchover.arn },
    }),
  ]);
  const rec = JSON.stringify(report.recommendations.find((r) => r.principalArn === release.arn)?.policies);
  assert.ok(rec?.includes('"rds:ModifyDBInstance"'), rec);
  const unused = report.findings
    .filter((f) => f.kind === "unused-action" && f.principalArn === release.arn)
    .flatMap((f) => f.actions ?? []);
  assert.deepEqual(unused, ["rds:DeleteDBInstance"]);
});
