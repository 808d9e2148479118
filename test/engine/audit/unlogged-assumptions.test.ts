import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role a service assumes to read objects: its own calls are data events, and being assumed
// (sts AssumeRole, a read-only event) is the only record of its use. It may also tag buckets, a
// write management event it never made. No RoleLastUsed: CloudTrail is the only evidence.
const worker = role("worker", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutBucketTagging"], Resource: "*" }]),
});

async function usageOfWorker(logging: TrailLogging) {
  const report = await auditWith(snapshotWith({ roles: [worker] }), [listBucketsBy("app")], {
    logging: [logging],
  });
  return {
    usage: report.principals.find((p) => p.arn === worker.arn)?.usage,
    unusedRole: report.findings.some((f) => f.kind === "unused-role" && f.principalArn === worker.arn),
  };
}

test("a trail of write events alone never records a role assumed: its silence cannot make the role unused", async () => {
  assert.deepEqual(await usageOfWorker(basicSelector("WriteOnly")), { usage: "unknown", unusedRole: false });
});

test("a trail that records AssumeRole (a read event) can show the role unused", async () => {
  assert.deepEqual(await usageOfWorker(basicSelector("All")), { usage: "unused", unusedRole: true });
});

test("a role assumed under its name spelled in another case is used: IAM names ignore case", async () => {
  // The recorded roleArn is spelled as the caller wrote it; IAM resolves `worker` to `Worker`.
  const capitalized = role("Worker", {
    ...ownPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]),
  });
  const report = await auditWith(
    snapshotWith({ roles: [capitalized] }),
    [
      listBucketsBy("app"),
      eventItem({
        eventSource: "sts.amazonaws.com",
        eventName: "AssumeRole",
        userIdentity: { type: "AWSService", invokedBy: "lambda.amazonaws.com" },
        requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/worker`, roleSessionName: "job" },
      }),
    ],
    { logging: [basicSelector("All")] },
  );
  assert.equal(report.principals.find((p) => p.arn === capitalized.arn)?.usage, "used");
  assert.equal(
    report.findings.some((f) => f.kind === "unused-role"),
    false,
  );
});
