import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { AUDIT_NOW, auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector, EVERY_DYNAMODB_TABLE, EVERY_S3_OBJECT } from "../../helpers/event-selectors.js";
import { ACCOUNT, credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

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

test("a key used only to get session tokens is not unused under a trail that records no STS read event", async () => {
  // GetSessionToken needs no policy allowing it and is a read-only event: a write-only trail shows
  // the sessions' calls (session keys, not the user's) and never the key that opened them. The
  // credential report, with the snapshot five months before the audit, ends before the window.
  const ci = allowed("ci", ["s3:PutBucketTagging"]);
  const key = "AKIAKEYONE0000000001";
  const report = credentials("ci", {
    accessKeys: [
      {
        slot: 1,
        id: key,
        status: "Active",
        created: "2024-01-01T00:00:00Z",
        lastUsed: "2025-12-31T00:00:00Z",
      },
    ],
  });
  const sessionCall = eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "PutBucketTagging",
    userIdentity: {
      type: "IAMUser",
      arn: ci.arn,
      accountId: ACCOUNT,
      userName: "ci",
      accessKeyId: "ASIASESSION000000001",
    },
    requestParameters: { bucketName: "b" },
  });
  const unusedKey = async (logging: TrailLogging) =>
    (
      await auditWith(
        snapshotWith({ users: [ci], credentials: { [report.userArn]: report } }),
        [sessionCall],
        {
          logging: [logging],
        },
      )
    ).findings.some((f) => f.kind === "unused-access-key" && f.principalArn === ci.arn);
  assert.equal(await unusedKey(basicSelector("WriteOnly")), false);
  // Nor under a trail recording them: a resource policy may allow the key calls no trail records,
  // and only the report, ending before the window, sees those.
  assert.equal(await unusedKey(basicSelector("All")), false);
});

test("a key getting session tokens shows its user used under a trail of read events alone", async () => {
  // IAM's example GetSessionToken record is not read-only, so a trail of read events may hold none
  // of them, nor the sessions' writes: the credential report, current, dates the key's last use.
  const ci = allowed("ci", ["s3:PutBucketTagging"]);
  const report = credentials("ci", {
    accessKeys: [
      {
        slot: 1,
        id: "AKIAKEYONE0000000001",
        status: "Active",
        created: "2024-01-01T00:00:00Z",
        lastUsed: "2026-05-31T00:00:00Z",
      },
    ],
  });
  const audit = await auditWith(
    snapshotWith({
      collectedAt: AUDIT_NOW.toISOString(),
      users: [ci],
      credentials: { [report.userArn]: report },
    }),
    [listBucketsBy("someone-else")],
    { logging: [basicSelector("ReadOnly")] },
  );
  assert.equal(audit.principals.find((p) => p.arn === ci.arn)?.usage, "used");
  assert.ok(!audit.findings.some((f) => f.kind.startsWith("unused-") && f.principalArn === ci.arn));
});
