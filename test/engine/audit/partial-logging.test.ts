import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const reader = role("reader", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListAllMyBuckets"], Resource: "*" }]),
});
// Object-level events of bucket-a only: reads of bucket-b are never logged.
const oneBucket: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: [{ type: "AWS::S3::Object", read: true, write: true, resources: ["arn:aws:s3:::bucket-a/"] }],
};
const readOfBucketA = eventItem({
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  userIdentity: roleSession(reader.arn, "reader"),
  requestParameters: { bucketName: "bucket-a", key: "k" },
  resources: [{ type: "AWS::S3::Object", ARN: "arn:aws:s3:::bucket-a/k" }],
});

test("an action the trail logs for some resources only keeps every resource it is granted on", async () => {
  const report = await auditWith(snapshotWith({ roles: [reader] }), [readOfBucketA], {
    logging: [oneBucket],
  });
  const rec = report.recommendations.find((r) => r.principalArn === reader.arn);
  assert.deepEqual(rec?.observedActions, ["s3:GetObject"]);
  const getObject = rec?.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && (s.Action ?? []).includes("s3:GetObject"))
    .flatMap((s) => s.Resource ?? []);
  assert.deepEqual(getObject, ["*"], "reads of bucket-b, which the trail never logs, still work");
  assert.ok(rec?.unobservableKept.includes("s3:GetObject"));
});

test("a trail of write events only never shows kms:Decrypt, whose events are read-only: it is kept, not unused", async () => {
  const app = role("app", {
    ...ownPolicy([{ Effect: "Allow", Action: ["iam:CreateUser", "kms:Decrypt"], Resource: "*" }]),
  });
  const writesOnly: TrailLogging = {
    management: { read: false, write: { excludedSources: [] } },
    data: [],
  };
  const createUser = eventItem({
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: { userName: "new" },
  });
  const report = await auditWith(snapshotWith({ roles: [app] }), [createUser], { logging: [writesOnly] });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  // KMS records Decrypt with "readOnly": true though its access level is Write.
  assert.equal(rec?.removedActions.includes("kms:Decrypt"), false);
  assert.ok(rec?.unobservableActions.includes("kms:Decrypt"));
  const unused = report.findings.filter(
    (f) => f.principalArn === app.arn && (f.kind === "unused-service" || f.kind === "unused-action"),
  );
  assert.deepEqual(
    unused.filter((f) => JSON.stringify(f.evidence).includes("kms")),
    [],
  );
});

test("a single-region trail never shows a call made in another region: what it did not see is kept, not unused", async () => {
  const app = role("app", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "ec2:TerminateInstances"], Resource: "*" },
    ]),
  });
  // Every management event, but of us-east-1 alone: the role may terminate instances in eu-west-1.
  const homeRegionOnly: TrailLogging = {
    management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
    data: [],
    regions: ["us-east-1"],
  };
  const listBuckets = eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    userIdentity: roleSession(app.arn, "app"),
  });
  const report = await auditWith(snapshotWith({ roles: [app] }), [listBuckets], {
    logging: [homeRegionOnly],
  });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.equal(rec?.removedActions.includes("ec2:TerminateInstances"), false);
  assert.ok(rec?.unobservableKept.includes("ec2:TerminateInstances"));
  const unused = report.findings.filter((f) => f.principalArn === app.arn && f.kind === "unused-action");
  assert.deepEqual(
    unused.flatMap((f) => f.actions ?? []),
    [],
  );
});
