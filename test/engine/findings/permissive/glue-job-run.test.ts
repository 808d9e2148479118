import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// A Glue job run's Arguments "replace the default arguments set in the job definition itself", Glue's
// own among them; --scriptLocation is "the Amazon S3 location where your ETL script is located ...
// This parameter overrides a script location set in the JobCommand object" (AWS's example:
// `aws glue start-job-run --job-name "CSV to CSV" --arguments='--scriptLocation="s3://..."'`). So
// glue:StartJobRun on a job that runs as a privileged role runs a script of the caller's as that
// role, with no role passed, as a CodeBuild buildspec override does (codebuild-002).
// https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html
// https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });

test("a run of an existing Glue job with a script of the caller's is a privilege escalation", () => {
  const etlAdmin = role("etl-admin", {
    trustPolicy: trustDoc({ Service: "glue.amazonaws.com" }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("run")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [etlAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed(
        "run",
        doc({
          Effect: "Allow",
          Action: "glue:StartJobRun",
          Resource: "arn:aws:glue:us-east-1:111122223333:job/*",
        }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can run a script of its own as etl-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-glue-run-script-override"]);
  assert.equal(found[0]!.severity, "high");
});
