import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith } from "../../helpers/audit-fixture.js";
import { input, principal } from "../../helpers/policies.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A call through an S3 access point is authorized on the access point's object ARN, which the
// record does not list: it names the object by its bucket, and the access point apart.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-access-points.html
const ACCESS_POINT = `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/reports`;
const reader = role("reader", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "*" }]),
});
const everyObject: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: [{ type: "AWS::S3::Object", read: true, write: true, resources: "all" }],
};
const throughAccessPoint = (eventName: string, key: string) => ({
  kind: "event" as const,
  event: {
    eventSource: "s3.amazonaws.com",
    eventName,
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s`,
      sessionContext: { sessionIssuer: { type: "Role", arn: reader.arn } },
    },
    requestParameters: {
      bucketName: "data-bucket",
      key,
      Host: `reports-${ACCOUNT}.s3-accesspoint.us-east-1.amazonaws.com`,
    },
    resources: [
      { type: "AWS::S3::Object", ARN: `arn:aws:s3:::data-bucket/${key}` },
      { accountId: ACCOUNT, type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::data-bucket" },
      { accountId: ACCOUNT, type: "AWS::S3::AccessPoint", ARN: ACCESS_POINT },
    ],
  },
});

test("an object call through an access point keeps the access point's object ARN", async () => {
  const report = await auditWith(
    snapshotWith({ roles: [reader] }),
    [throughAccessPoint("GetObject", "2026/q1.csv"), throughAccessPoint("PutObject", "out/a.json")],
    { logging: [everyObject] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === reader.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  const applied = principal((rec?.policies ?? []).map((p) => input(p.name, p.document)));
  for (const [action, key] of [
    ["s3:GetObject", "2026/q1.csv"],
    ["s3:PutObject", "out/a.json"],
  ] as const) {
    const resource = `${ACCESS_POINT}/object/${key}`;
    assert.equal(applied.evaluate({ action, resource }).decision, "Allow", `${action} on ${resource}`);
    // The object stays allowed by its bucket ARN too, as the catalog lets either name it.
    const direct = `arn:aws:s3:::data-bucket/${key}`;
    assert.equal(applied.evaluate({ action, resource: direct }).decision, "Allow", `${action} on ${direct}`);
  }
});
