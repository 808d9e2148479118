import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// EMR Serverless StartJobRun takes executionRoleArn, the job runtime role "that a EMR Serverless job
// run can assume when calling other services", and a jobDriver naming the job's own code (a Spark
// entry point or Hive query). Passing it is iam:PassRole to emr-serverless.amazonaws.com, which the
// role trusts: a privileged runtime role runs the caller's code as that role.
// https://docs.aws.amazon.com/emr-serverless/latest/APIReference/API_StartJobRun.html
// https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const sparkAdmin = role("spark-admin", {
  trustPolicy: trustDoc({ Service: "emr-serverless.amazonaws.com" }),
  attachedPolicyArns: [policyArn("admin")],
});

function escalation(actions: string[]) {
  const dev = user("dev", { attachedPolicyArns: [policyArn("spark")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [sparkAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed("spark", doc({ Effect: "Allow", Action: actions, Resource: "*" })),
    },
  });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn);
}

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
