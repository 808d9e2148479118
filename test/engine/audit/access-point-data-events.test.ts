import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith } from "../../helpers/audit-fixture.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { createTopic, reader } from "./topic-creating-reader.js";

const loggingOf = (...types: string[]): TrailLogging => ({
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: types.map((type) => ({ type, read: true, write: true, resources: "all" as const })),
});

// AWS::S3::AccessPoint records S3's API activity on access points, AWS::S3::Object the
// object-level activity on buckets: a read naming the bucket itself is no access point's event.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
test("a trail logging S3 access point data events alone does not show a bucket reader's s3:GetObject unused", async () => {
  const role = reader();
  const report = await auditWith(snapshotWith({ roles: [role] }), [createTopic(role.arn)], {
    logging: [loggingOf("AWS::S3::AccessPoint")],
  });
  const rec = report.recommendations.find((r) => r.principalArn === role.arn);
  assert.ok(rec, "a recommendation is made");
  assert.equal(rec.removedActions.includes("s3:GetObject"), false, JSON.stringify(rec.policies));
  assert.ok(rec.unobservableKept.includes("s3:GetObject"));
});

test("a trail logging S3 object data events still shows s3:GetObject unused when it was never called", async () => {
  const role = reader();
  const report = await auditWith(snapshotWith({ roles: [role] }), [createTopic(role.arn)], {
    logging: [loggingOf("AWS::S3::Object")],
  });
  const rec = report.recommendations.find((r) => r.principalArn === role.arn);
  assert.ok(rec, "a recommendation is made");
  assert.ok(rec.removedActions.includes("s3:GetObject"), JSON.stringify(rec.policies));
});
