import assert from "node:assert/strict";
import { test } from "node:test";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { basicSelector, EVERY_S3_OBJECT } from "../../helpers/event-selectors.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// S3 answers a read of a key that does not exist with 403 Access Denied to a caller not allowed
// s3:ListBucket, whatever its s3:GetObject; a read of an SSE-KMS object without kms:Decrypt is
// refused alike. A workload polling for a key that appears once a month is refused all window long
// and still needs s3:GetObject the day the key is there.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
const poller = role("poller", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::inbox/*" },
    { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
  ]),
});

const call = (
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  errorCode?: string,
) =>
  eventItem({
    eventSource,
    eventName,
    userIdentity: roleSession(poller.arn, "poller"),
    requestParameters,
    ...(errorCode ? { errorCode, errorMessage: "Access Denied" } : {}),
  });

async function unusedOf(items: ReturnType<typeof call>[]) {
  const report = await auditWith(snapshotWith({ roles: [poller] }), items, {
    logging: [basicSelector("All", EVERY_S3_OBJECT)],
  });
  const mine = report.findings.filter((f) => f.principalArn === poller.arn);
  return {
    actions: mine.filter((f) => f.kind === "unused-action").flatMap((f) => f.actions ?? []),
    services: mine.filter((f) => f.kind === "unused-service").map((f) => f.title),
  };
}

const refusedRead = call(
  "s3.amazonaws.com",
  "GetObject",
  { bucketName: "inbox", key: "ready.flag" },
  "AccessDenied",
);

test("an object read S3 refused all window is not called unused beside the service's used calls", async () => {
  const written = call("s3.amazonaws.com", "PutObject", { bucketName: "inbox", key: "out.csv" });
  const { actions } = await unusedOf([written, refusedRead]);
  assert.ok(!actions.includes("s3:GetObject"), `unused: ${actions.join(", ")}`);
});

test("a service whose every call was refused is not called unused", async () => {
  const sent = call("sqs.amazonaws.com", "SendMessage", {
    queueUrl: "https://sqs.us-east-1.amazonaws.com/111122223333/q",
  });
  const { actions, services } = await unusedOf([sent, refusedRead]);
  assert.ok(!actions.includes("s3:GetObject"), `unused: ${actions.join(", ")}`);
  assert.ok(!services.some((t) => /\bs3\b/.test(t)), `unused services: ${services.join("; ")}`);
});
