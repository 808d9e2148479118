import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const TASK_ROLE = `arn:aws:iam::${ACCOUNT}:role/web-task`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/batch-task`;

// A task run from a task definition that names a task role or a task execution role passes them,
// and the caller needs iam:PassRole for each ("you must add iam:PassRole permissions for each task
// execution role, task role, or task role override"); the record names the task definition only.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html
for (const call of ["RunTask", "StartTask"])
  test(`a ${call} from a task definition keeps iam:PassRole as granted today (unobservable: drop)`, async () => {
    const scheduler = role(
      "scheduler",
      ownPolicy([
        { Effect: "Allow", Action: `ecs:${call}`, Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: [TASK_ROLE, OTHER_ROLE] },
      ]),
    );
    const report = await auditOf(
      snapshotWith({ roles: [scheduler] }),
      [
        eventItem({
          eventSource: "ecs.amazonaws.com",
          eventName: call,
          recipientAccountId: ACCOUNT,
          userIdentity: roleSession(scheduler.arn, "scheduler"),
          requestParameters: {
            cluster: "default",
            taskDefinition: "web:7",
            ...(call === "StartTask" ? { containerInstances: ["ci-1"] } : { count: 1 }),
          },
        }),
      ],
      { generate: { unobservable: "drop" } },
    );
    const rec = report.recommendations.find((r) => r.principalArn === scheduler.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const passing = rec!.policies
      .flatMap((p) => p.document.Statement)
      .filter((s) => s.Action?.includes("iam:PassRole"))
      .flatMap((s) => s.Resource ?? [])
      .sort();
    assert.deepEqual(passing, [OTHER_ROLE, TASK_ROLE], "the next task is refused iam:PassRole");
    assert.ok(rec!.inferredActions.includes("iam:PassRole"), JSON.stringify(rec!.inferredActions));
  });

test("a RunTask from a task definition adds no iam:PassRole where none is granted today", async () => {
  const scheduler = role("scheduler", ownPolicy([{ Effect: "Allow", Action: "ecs:RunTask", Resource: "*" }]));
  const report = await auditOf(snapshotWith({ roles: [scheduler] }), [
    eventItem({
      eventSource: "ecs.amazonaws.com",
      eventName: "RunTask",
      recipientAccountId: ACCOUNT,
      userIdentity: roleSession(scheduler.arn, "scheduler"),
      requestParameters: { cluster: "default", taskDefinition: "web:7", count: 1 },
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === scheduler.arn);
  assert.ok(rec);
  assert.doesNotMatch(JSON.stringify(rec.policies.map((p) => p.document)), /iam:PassRole/);
  assert.deepEqual(rec.notAllowed, []);
});
