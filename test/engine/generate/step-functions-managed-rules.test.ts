import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A state machine's role, as the Step Functions console writes it for an ECS RunTask.sync task:
// the task, its polling, and the managed EventBridge rule Step Functions follows the task through.
const managedRule = `arn:aws:events:us-east-1:${ACCOUNT}:rule/StepFunctionsGetEventsForECSTaskRule`;
const RULE_ACTIONS = ["events:PutTargets", "events:PutRule", "events:DescribeRule"];
const stateMachineRole = (name: string, ruleResource: string) =>
  role(name, {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/etl:*`,
      },
      { Effect: "Allow", Action: ["ecs:StopTask", "ecs:DescribeTasks"], Resource: "*" },
      { Effect: "Allow", Action: RULE_ACTIONS, Resource: ruleResource },
    ]),
  });
const sync = stateMachineRole("etl-sync", managedRule);
const other = stateMachineRole("etl-rules", `arn:aws:events:us-east-1:${ACCOUNT}:rule/*`);

// Two runs, as the trail shows them: the task started and polled by Step Functions with the role,
// and no call on the rule, which Step Functions put before the window.
const runs = (arn: string): ActivityItem[] =>
  [1, 2].flatMap(() =>
    [
      ["RunTask", { cluster: "jobs", taskDefinition: "etl:3" }],
      ["DescribeTasks", { cluster: "jobs", tasks: ["0123456789abcdef"] }],
    ].map(([eventName, requestParameters]) =>
      eventItem({
        eventSource: "ecs.amazonaws.com",
        eventName,
        awsRegion: "us-east-1",
        recipientAccountId: ACCOUNT,
        sourceIPAddress: "states.amazonaws.com",
        userIdentity: { ...roleSession(arn, "execution"), invokedBy: "states.amazonaws.com" },
        requestParameters,
      } as never),
    ),
  );

test("a state machine's role keeps the managed rule Step Functions follows .sync tasks through, as granted today", async () => {
  const report = await auditOf(snapshotWith({ roles: [sync, other] }), [
    ...runs(sync.arn),
    ...runs(other.arn),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === sync.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const action of RULE_ACTIONS) {
    assert.equal(holderDecision(documents, { action, resource: managedRule }), "Allow", `${action}: ${text}`);
    assert.ok(rec!.inferredActions.includes(action), action);
    assert.equal(
      holderDecision(documents, { action, resource: `arn:aws:events:us-east-1:${ACCOUNT}:rule/nightly` }),
      "ImplicitDeny",
      `${action} only on the managed rule: ${text}`,
    );
  }
  // A grant on every rule names no managed rule: it is judged by the calls seen, and none was.
  const wide = report.recommendations.find((r) => r.principalArn === other.arn);
  assert.deepEqual(wide?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  for (const action of RULE_ACTIONS) assert.ok(wide!.removedActions.includes(action), action);
});
