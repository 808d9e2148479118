import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A state machine's role for an ECS RunTask.sync task: Step Functions puts and describes the managed
// EventBridge rule it follows the task through with this role, which "must have" events:PutTargets,
// events:PutRule and events:DescribeRule on it
// (https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html). No AWS page says
// when those calls are made, so the recommendation keeps them as granted whatever the window shows.
const managedRule = `arn:aws:events:us-east-1:${ACCOUNT}:rule/StepFunctionsGetEventsForECSTaskRule`;
const RULE_ACTIONS = ["events:DescribeRule", "events:PutRule", "events:PutTargets"];
const etl = role("etl-sync", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/etl:*`,
    },
    { Effect: "Allow", Action: "ecs:DescribeTasks", Resource: "*" },
    { Effect: "Allow", Action: RULE_ACTIONS, Resource: managedRule },
    { Effect: "Allow", Action: "events:DeleteRule", Resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/*` },
  ]),
});

// Runs of the task as the trail shows them, with no call on the rule, put before the window.
const runs: ActivityItem[] = [1, 2].flatMap(() =>
  [
    ["RunTask", { cluster: "jobs", taskDefinition: "etl:3" }],
    ["DescribeTasks", { cluster: "jobs", tasks: ["0123456789abcdef"] }],
  ].map(([eventName, requestParameters]) =>
    eventItem({
      eventSource: "ecs.amazonaws.com",
      eventName,
      sourceIPAddress: "states.amazonaws.com",
      userIdentity: { ...roleSession(etl.arn, "execution"), invokedBy: "states.amazonaws.com" },
      requestParameters,
    } as never),
  ),
);

/** The actions unused-action names, and the services unused-service does (`events:*`). */
function unusedOf(report: Report): string[] {
  const of = (kind: string) => report.findings.filter((f) => f.kind === kind && f.principalArn === etl.arn);
  const services = of("unused-service").flatMap((f) =>
    (f.evidence.services as { service: string }[]).map((s) => `${s.service}:*`),
  );
  return [...of("unused-action").flatMap((f) => f.actions ?? []), ...services].sort();
}

test("the managed rule a recommendation keeps without a call seen is not called unused, nor its service", async () => {
  const report = await auditOf(snapshotWith({ roles: [etl] }), runs);
  const rec = report.recommendations.find((r) => r.principalArn === etl.arn);
  for (const action of RULE_ACTIONS) assert.ok(rec?.inferredActions.includes(action), action);
  // The rule another grant names is judged by the calls seen, and none was.
  assert.deepEqual(unusedOf(report), ["events:DeleteRule"]);
});
