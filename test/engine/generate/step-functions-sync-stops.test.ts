import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A state machine's role as the Step Functions console writes it for five `.sync` tasks: an ECS
// task, a Batch job, a nested execution of `child`, a SageMaker training job and an EMR step. Step Functions stops each of them with this
// role when an execution is stopped or times out; no run was aborted in the window.
const REGION = "us-east-1";
const child = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:child`;
const statements = [
  {
    Effect: "Allow",
    Action: "ecs:RunTask",
    Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/etl:*`,
  },
  { Effect: "Allow", Action: ["ecs:StopTask", "ecs:DescribeTasks"], Resource: "*" },
  { Effect: "Allow", Action: ["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"], Resource: "*" },
  { Effect: "Allow", Action: "states:StartExecution", Resource: child },
  {
    Effect: "Allow",
    Action: ["states:DescribeExecution", "states:StopExecution"],
    Resource: `arn:aws:states:${REGION}:${ACCOUNT}:execution:*`,
  },
  {
    Effect: "Allow",
    Action: ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
    Resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/*`,
  },
  {
    Effect: "Allow",
    Action: [
      "elasticmapreduce:AddJobFlowSteps",
      "elasticmapreduce:DescribeStep",
      "elasticmapreduce:CancelSteps",
    ],
    Resource: "arn:aws:elasticmapreduce:*:*:cluster/*",
  },
];
const machine = role("pipeline", ownPolicy(statements));
// The same grants, used by a person starting the same work from a laptop: no Step Functions.
const person = role("operator", ownPolicy(statements));

const starts = (arn: string, invokedBy?: string): ActivityItem[] =>
  (
    [
      ["ecs", "RunTask", { cluster: "jobs", taskDefinition: "etl:3" }],
      ["batch", "SubmitJob", { jobName: "nightly", jobQueue: "q", jobDefinition: "d" }],
      ["states", "StartExecution", { stateMachineArn: child, name: "run-1" }],
      ["sagemaker", "CreateTrainingJob", { trainingJobName: "train-1" }],
      ["elasticmapreduce", "AddJobFlowSteps", { jobFlowId: "j-2AXXXXXXGAPLF", steps: [{ name: "etl" }] }],
    ] as const
  ).flatMap(([service, eventName, requestParameters]) =>
    ["2026-05-18T10:00:00Z", "2026-05-19T10:00:00Z"].map((eventTime) =>
      eventItem({
        eventTime,
        eventSource: `${service}.amazonaws.com`,
        eventName,
        awsRegion: REGION,
        recipientAccountId: ACCOUNT,
        ...(invokedBy ? { sourceIPAddress: invokedBy } : {}),
        userIdentity: { ...roleSession(arn, "run"), ...(invokedBy ? { invokedBy } : {}) },
        requestParameters,
      } as never),
    ),
  );

const STOPS = [
  ["ecs:StopTask", `arn:aws:ecs:${REGION}:${ACCOUNT}:task/jobs/0123456789abcdef`],
  ["ecs:DescribeTasks", `arn:aws:ecs:${REGION}:${ACCOUNT}:task/jobs/0123456789abcdef`],
  ["batch:TerminateJob", `arn:aws:batch:${REGION}:${ACCOUNT}:job/8f1e2d3c`],
  ["batch:DescribeJobs", "*"],
  ["states:StopExecution", `arn:aws:states:${REGION}:${ACCOUNT}:execution:child:run-9`],
  ["states:DescribeExecution", `arn:aws:states:${REGION}:${ACCOUNT}:execution:child:run-9`],
  ["sagemaker:StopTrainingJob", `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/train-2`],
  ["sagemaker:DescribeTrainingJob", `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/train-2`],
  ["elasticmapreduce:CancelSteps", `arn:aws:elasticmapreduce:${REGION}:${ACCOUNT}:cluster/j-2AXXXXXXGAPLF`],
  ["elasticmapreduce:DescribeStep", `arn:aws:elasticmapreduce:${REGION}:${ACCOUNT}:cluster/j-2AXXXXXXGAPLF`],
] as const;

test("a state machine's role keeps the calls Step Functions stops its .sync jobs with, as granted today", async () => {
  const report = await auditOf(snapshotWith({ roles: [machine, person] }), [
    ...starts(machine.arn, "states.amazonaws.com"),
    ...starts(person.arn),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === machine.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const [action, resource] of STOPS) {
    assert.equal(
      holderDecision(documents, { action, resource }),
      "Allow",
      `${action} on ${resource}: ${text}`,
    );
    assert.ok(rec!.inferredActions.includes(action), action);
  }
  // The nested execution's stop is scoped to the executions of the state machine it started.
  for (const action of ["states:StopExecution", "states:DescribeExecution"])
    assert.equal(
      holderDecision(documents, {
        action,
        resource: `arn:aws:states:${REGION}:${ACCOUNT}:execution:other:run-9`,
      }),
      "ImplicitDeny",
      `${action} only on child's executions: ${text}`,
    );
  // Started by a person, not by Step Functions: nothing stops those jobs on its behalf.
  const manual = report.recommendations.find((r) => r.principalArn === person.arn);
  assert.deepEqual(manual?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  for (const [action] of STOPS) assert.ok(manual!.removedActions.includes(action), `${action} removed`);
});
