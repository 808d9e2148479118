import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { serviceRoleEscalation } from "./service-role-admin.js";

// A Managed Service for Apache Flink application's ServiceExecutionRole is "The IAM role used by the
// application to access Kinesis data streams, Kinesis Data Firehose delivery streams, Amazon S3
// objects, and other external resources": CreateApplication names it and the application's code
// (the caller's), and StartApplication runs that code with the role's credentials. Passing a
// privileged role trusting kinesisanalytics.amazonaws.com runs the caller's code as that role.
// https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CreateApplication.html
// https://docs.aws.amazon.com/managed-flink/latest/java/security_iam_service-with-iam.html
const escalation = (actions: string[]) =>
  serviceRoleEscalation("stream-admin", "kinesisanalytics.amazonaws.com", actions);

test("a Flink application with a passed privileged role, started, is a privilege escalation", () => {
  const found = escalation([
    "iam:PassRole",
    "kinesisanalytics:CreateApplication",
    "kinesisanalytics:StartApplication",
  ]);
  assert.equal(
    found.length,
    1,
    `dev can run a Flink application of its own as stream-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-flink-application"]);
  assert.equal(found[0]!.severity, "high");
});

test("a Flink application created without passing a role gives nothing", () => {
  assert.deepEqual(
    escalation(["kinesisanalytics:CreateApplication", "kinesisanalytics:StartApplication"]),
    [],
  );
});
