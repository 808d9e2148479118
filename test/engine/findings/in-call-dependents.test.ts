import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "The user who switches over a blue/green deployment must have permissions to perform the following
// RDS operations: rds:SwitchoverBlueGreenDeployment, rds:ModifyDBInstance, rds:PromoteReadReplica"
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-authorizing-access.html).
// The trail records the switchover alone; the release's next switchover needs the other two.
test("the actions checked inside a used call are not called unused", async () => {
  const release = role("release", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "rds:SwitchoverBlueGreenDeployment",
          "rds:ModifyDBInstance",
          "rds:PromoteReadReplica",
          "rds:DeleteDBInstance",
        ],
        Resource: `arn:aws:rds:us-east-1:${ACCOUNT}:*`,
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [release] }), [
    eventItem({
      eventSource: "rds.amazonaws.com",
      eventName: "SwitchoverBlueGreenDeployment",
      userIdentity: roleSession(release.arn, "release"),
      requestParameters: { blueGreenDeploymentIdentifier: "bgd-wi89nwzglccsfake" },
    }),
  ]);
  const unused = report.findings
    .filter((f) => f.kind === "unused-action" && f.principalArn === release.arn)
    .flatMap((f) => f.actions ?? []);
  assert.deepEqual(unused, ["rds:DeleteDBInstance"]);
});
