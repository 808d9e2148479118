import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { RECORDED_FOR_CALLERS } from "../../../core/engine/activity/knowledge/recorded-for-callers.js";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { MANAGEMENT_ONLY, type TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { basicSelector, EVERY_DYNAMODB_TABLE } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const catalog = loadCatalog();
const o = createObservability(catalog);

// dynamodb:ConditionCheckItem (access level Read) has no event of its own: IAM authorizes it
// inside TransactWriteItems (authorizations/dynamodb.ts), a write data event. A selector of
// DynamoDB's read-only data events never records a TransactWriteItems, so it can never show
// ConditionCheckItem used.
test("ConditionCheckItem is not observable under a read-only DynamoDB data selector", () => {
  const readOnly = basicSelector("ReadOnly", EVERY_DYNAMODB_TABLE);
  assert.equal(o.observable(catalog.action("dynamodb:ConditionCheckItem")!, [readOnly]), false);
});

// ec2:RunInstances (a write event) with an AMI given as resolve:ssm:... is authorized as
// ssm:GetParameters too (authorizations/ec2.ts); a trail of read events only never records the
// RunInstances, so it cannot show ssm:GetParameters unused by it.
test("ssm:GetParameters is not observable under a read-only management trail (RunInstances needs it)", () => {
  assert.equal(o.observable(catalog.action("ssm:GetParameters")!, [basicSelector("ReadOnly")]), false);
});

// Trails that record IAM's writes (without them no grant can be dated, and no recommendation is
// made) but not the writes these tests are about.
const everyManagementEventAndDynamoDbReads = parseEventSelectors(
  {
    EventSelectors: [
      { ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [] },
      { ReadWriteType: "ReadOnly", IncludeManagementEvents: false, DataResources: EVERY_DYNAMODB_TABLE },
    ],
  },
  "dynamodb-reads.json",
);
const blindToEc2Writes: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: ["ec2.amazonaws.com"] } },
  data: [],
};

test("a role reading items and writing conditional transactions keeps ConditionCheckItem under a read-only DynamoDB selector", async () => {
  const table = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
  const app = role("app", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
        Resource: table,
      },
    ]),
  });
  const getItem = eventItem({
    eventSource: "dynamodb.amazonaws.com",
    eventName: "GetItem",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: { tableName: "orders", key: { id: { S: "1" } } },
    resources: [{ ARN: table, type: "AWS::DynamoDB::Table" }],
  } as never);
  const report = await auditWith(snapshotWith({ roles: [app] }), [getItem], {
    logging: [everyManagementEventAndDynamoDbReads],
  });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  const text = JSON.stringify(rec?.policies.map((p) => p.document));
  assert.ok(rec, "a recommendation");
  assert.match(
    text,
    /dynamodb:ConditionCheckItem/,
    `removed: ${JSON.stringify(rec.removedActions)} verified ${rec.removedVerified}; kept ${text}`,
  );
});

test("a role launching instances from an SSM-parameter AMI keeps ssm:GetParameters under a trail blind to EC2's writes", async () => {
  const launcher = role("launcher", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: ["ec2:DescribeInstances", "ec2:RunInstances", "ssm:GetParameters"],
        Resource: "*",
      },
    ]),
  });
  // What the trail shows of it: its reads. Its RunInstances (resolve:ssm:... image) are EC2 write events.
  const describe = eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(launcher.arn, "launcher"),
    requestParameters: {},
  } as never);
  const report = await auditWith(snapshotWith({ roles: [launcher] }), [describe], {
    logging: [blindToEc2Writes],
  });
  const rec = report.recommendations.find((r) => r.principalArn === launcher.arn);
  const text = JSON.stringify(rec?.policies.map((p) => p.document));
  assert.match(
    text,
    /ssm:GetParameters/,
    `removed ${JSON.stringify(rec?.removedActions)} verified ${rec?.removedVerified}`,
  );
});

test("an action checked inside a call on its own side stays observable where that side is recorded", () => {
  const writes: TrailLogging = {
    management: { read: false, write: { excludedSources: [] } },
    data: [
      { type: "AWS::S3::Object", read: false, write: true, resources: "all" },
      { type: "AWS::DynamoDB::Table", read: false, write: true, resources: "all" },
    ],
  };
  // UploadPart and CompleteMultipartUpload are write events, as PutObject is.
  assert.equal(o.observable(catalog.action("s3:PutObject")!, [writes]), true);
  // Tags set by a creating call: a write event, as CreateTags is.
  assert.equal(o.observable(catalog.action("ec2:CreateTags")!, [writes]), true);
  // A transaction is a write event, whatever its items: PutItem inside one is seen with writes.
  assert.equal(o.observable(catalog.action("dynamodb:PutItem")!, [writes]), true);
});

test("ssm:GetParameters is observable where SSM's reads and EC2's writes are both recorded", () => {
  assert.equal(o.observable(catalog.action("ssm:GetParameters")!, [MANAGEMENT_ONLY]), true);
  const ec2Blind: TrailLogging = {
    management: { read: { excludedSources: [] }, write: { excludedSources: ["ec2.amazonaws.com"] } },
    data: [],
  };
  assert.equal(o.observable(catalog.action("ssm:GetParameters")!, [ec2Blind]), false);
});

test("services that record calls made for a caller keep their actions observable from their own events", () => {
  assert.ok(RECORDED_FOR_CALLERS.length > 0);
  for (const { service } of RECORDED_FOR_CALLERS) {
    assert.ok(catalog.service(service), service);
  }
  // S3 asks KMS for a data key under the caller's identity; KMS records it as its own event.
  assert.equal(o.observable(catalog.action("kms:GenerateDataKey")!, [MANAGEMENT_ONLY]), true);
});
