import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// ECS RunTask and StartTask take `overrides`: `taskRoleArn`, "the role that containers in this task
// can assume. All containers in this task are granted the permissions that are specified in this
// role", and `containerOverrides[].command`, the command each container runs instead of its image's.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskOverride.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerOverride.html
// Handing the task a role is iam:PassRole on it (the engine's own pass-role table reads
// taskRoleArn). So iam:PassRole on a role trusting ECS tasks plus ecs:RunTask, on any task
// definition already registered in the account, runs a command of the caller's choosing as that
// role: no ecs:RegisterTaskDefinition is needed.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const taskAdmin = role("task-admin", {
  trustPolicy: trustDoc({ Service: "ecs-tasks.amazonaws.com" }),
  attachedPolicyArns: [policyArn("admin")],
});

for (const [start, path] of [
  ["ecs:RunTask", "ecs-008"],
  ["ecs:StartTask", "ecs-009"],
]) {
  test(`iam:PassRole with ${start} overriding an existing task definition's role is a privilege escalation`, () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("run")] });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [taskAdmin],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("run", doc({ Effect: "Allow", Action: ["iam:PassRole", start], Resource: "*" })),
      },
    });
    const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
    assert.equal(
      found.length,
      1,
      `dev can run any registered task definition as task-admin with a command of its own: ${JSON.stringify(found.map((f) => f.title))}`,
    );
    assert.deepEqual(pathIds(found[0]), [path]);
  });
}

// AWS Batch SubmitJob takes `containerOverrides.command`, "the command to send to the container that
// overrides the default command from the Docker image or the job definition": submitting a job of a
// definition already registered with a privileged job role (one trusting ECS tasks) runs a command of
// the caller's choosing as that role, with no role passed (as codebuild-002 does with a buildspec).
// https://docs.aws.amazon.com/batch/latest/APIReference/API_ContainerOverrides.html
// https://docs.aws.amazon.com/batch/latest/userguide/job_definition_parameters.html (jobRoleArn)
test("batch:SubmitJob with a command override of an existing job definition's container is a privilege escalation", () => {
  const dev = user("dev", { attachedPolicyArns: [policyArn("submit")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [taskAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed("submit", doc({ Effect: "Allow", Action: "batch:SubmitJob", Resource: "*" })),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can submit a job of a definition running as task-admin with a command of its own: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["batch-002"]);
});

// UpdateService's taskDefinition is "the family and revision or full ARN of the task definition to run
// in your service": a revision registered with a privileged task role (iam:PassRole on it) and
// deployed to a service that already exists runs as that role, as ecs-003 does with a new service.
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
test("a task definition with a passed privileged role deployed to an existing service is a privilege escalation", () => {
  const dev = user("dev", { attachedPolicyArns: [policyArn("deploy")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [taskAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed(
        "deploy",
        doc({
          Effect: "Allow",
          Action: ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:UpdateService"],
          Resource: "*",
        }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can deploy a task definition running as task-admin to an existing service: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-ecs-update-service"]);
});
