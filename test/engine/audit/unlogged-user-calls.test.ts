import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector, EVERY_DYNAMODB_TABLE, EVERY_S3_OBJECT } from "../../helpers/event-selectors.js";
import { ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// Users signing with long-term access keys: no session start is ever recorded, their own calls are
// their only trace. No credential report: CloudTrail is the only evidence, and its silence never
// makes a user unused, a resource policy perhaps allowing it calls no trail records
// (resource-policy-user.test.ts). Each may also tag buckets, a write management event it never made.
const allowed = (name: string, actions: string[]) =>
  user(name, {
    ...ownPolicy([{ Effect: "Allow", Action: actions, Resource: "*" }]),
  });

async function usageOf(principal: ReturnType<typeof user>, logging: TrailLogging) {
  const report = await auditWith(snapshotWith({ users: [principal] }), [listBucketsBy("someone-else")], {
    logging: [logging],
  });
  return {
    usage: report.principals.find((p) => p.arn === principal.arn)?.usage,
    unusedUser: report.findings.some((f) => f.kind === "unused-user" && f.principalArn === principal.arn),
  };
}

const unknown = { usage: "unknown", unusedUser: false };

test("a user reading objects is not unused from a trail's silence, data events logged or not", async () => {
  const reader = allowed("reader", ["s3:GetObject", "s3:PutBucketTagging"]);
  assert.deepEqual(await usageOf(reader, basicSelector("All")), unknown);
  assert.deepEqual(await usageOf(reader, basicSelector("All", EVERY_S3_OBJECT)), unknown);
});

test("a user making read calls is not unused from a trail's silence, read events logged or not", async () => {
  const viewer = allowed("viewer", ["ec2:DescribeInstances", "s3:PutBucketTagging"]);
  assert.deepEqual(await usageOf(viewer, basicSelector("WriteOnly")), unknown);
  assert.deepEqual(await usageOf(viewer, basicSelector("All")), unknown);
});

test("a user writing log events, which no trail records, is not unused from a trail's silence", async () => {
  const shipper = allowed("shipper", ["logs:PutLogEvents", "logs:CreateLogStream"]);
  assert.deepEqual(await usageOf(shipper, basicSelector("All")), unknown);
});

test("a user allowed a call the event table does not know is not unused from a trail's silence", async () => {
  // dynamodb:SearchVectors is missing from the API table: whether its calls are management or data
  // events is unknown, and a data event is not recorded by a trail of management events.
  const searcher = allowed("searcher", ["dynamodb:SearchVectors", "s3:PutBucketTagging"]);
  assert.deepEqual(await usageOf(searcher, basicSelector("All")), unknown);
  assert.deepEqual(
    await usageOf(searcher, basicSelector("All", EVERY_DYNAMODB_TABLE)),
    unknown,
    "not even with the table's data events: the call may be of another type",
  );
});
