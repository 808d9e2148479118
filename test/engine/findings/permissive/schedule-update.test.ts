import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { serviceRoleEscalation } from "./service-role-admin.js";

// UpdateSchedule "uses all values, including empty values, specified in the request and overrides the
// existing schedule": its Target (the API a universal target calls, arn:aws:scheduler:::aws-sdk:...)
// and the Target's RoleArn, the execution role the call is made as, are the caller's to choose. So
// iam:PassRole on a privileged role trusting the scheduler with scheduler:UpdateSchedule, on any
// schedule of the account, calls any API as that role, as CreateSchedule does.
// https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
const escalation = (actions: string[]) =>
  serviceRoleEscalation("schedule-admin", "scheduler.amazonaws.com", actions);

test("an existing schedule updated with a universal target and a passed privileged role is a privilege escalation", () => {
  const found = escalation(["iam:PassRole", "scheduler:UpdateSchedule"]);
  assert.equal(
    found.length,
    1,
    `dev can make a schedule call any API as schedule-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-scheduler-update-target"]);
  assert.equal(found[0]!.severity, "high");
});

test("updating a schedule without passing a role gives nothing", () => {
  assert.deepEqual(escalation(["scheduler:UpdateSchedule"]), []);
});
