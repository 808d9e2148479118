import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { ACCOUNT, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// UpdateUser renames a user (or moves it to another path) and keeps its unique id: its records
// before the change name the old ARN, and CloudTrail's principalId is that unique id.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
const ci = user("ci-deployer", {
  id: "AIDACIDEPLOYER000001",
  inlinePolicies: [
    {
      name: "own",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:RebootInstances"], Resource: "*" },
        ],
      },
    },
  ],
});

const callAs = (name: string, eventName: string, eventTime: string) =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    eventTime,
    userIdentity: {
      type: "IAMUser",
      principalId: ci.id,
      arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      accountId: ACCOUNT,
      userName: name,
      accessKeyId: "AKIACIDEPLOYER000001",
    },
  });

const unusedActions = (report: Report) =>
  report.findings
    .filter((f) => f.principalArn === ci.arn && f.kind === "unused-action")
    .flatMap((f) => f.actions ?? []);

test("a user renamed inside the window keeps the calls it made under its old name", async () => {
  // Rebooted weekly as `deployer` until renamed on May 10, then only describing as `ci-deployer`.
  const report = await auditOf(snapshotWith({ users: [ci] }), [
    callAs("deployer", "RebootInstances", "2026-04-01T10:00:00Z"),
    callAs("deployer", "RebootInstances", "2026-05-08T10:00:00Z"),
    callAs("ci-deployer", "DescribeInstances", "2026-05-20T10:00:00Z"),
  ]);
  assert.deepEqual(unusedActions(report), [], "RebootInstances was used in the window");
  const actions = JSON.stringify(report.recommendations.find((r) => r.principalArn === ci.arn) ?? {});
  assert.match(actions, /ec2:RebootInstances/, "a policy without RebootInstances would refuse the next run");
});
