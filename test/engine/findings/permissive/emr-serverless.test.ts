import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { serviceRoleEscalation } from "./service-role-admin.js";

// EMR Serverless StartJobRun takes executionRoleArn, the job runtime role "that a EMR Serverless job
// run can assume when calling other services", and a jobDriver naming the job's own code (a Spark
// entry point or Hive query). Passing it is iam:PassRole to emr-serverless.amazonaws.com, which the
// role trusts: a privileged runtime role runs the caller's code as that role.
// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html
// https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html
const escalation = (actions: string[]) =>
  serviceRoleEscalation("spark-admin", "emr-serverless.amazonaws.com", actions);

test("an EMR Serverless job run with a passed privileged runtime role is a privilege escalation", () => {
  const found = escalation([
    "iam:PassRole",
    "emr-serverless:CreateApplication",
    "emr-serverless:StartJobRun",
  ]);
  assert.equal(
    found.length,
    1,
    `dev can run a Spark job of its own as spark-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-emr-serverless-job"]);
  assert.equal(found[0]!.severity, "high");
});

test("an EMR Serverless job run without passing a role gives nothing", () => {
  assert.deepEqual(escalation(["emr-serverless:CreateApplication", "emr-serverless:StartJobRun"]), []);
});
