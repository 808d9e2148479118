import assert from "node:assert/strict";
import { test } from "node:test";
import { EventSelectorsError, parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { catalog } from "../../helpers/catalog.js";

const o = createObservability(catalog);

// Shapes from the CloudTrail API reference (GetEventSelectors, EventSelector, AdvancedFieldSelector)
// and the user guide's "Logging data events with the AWS CLI" examples.

test("a new trail's default basic selector: every management event, no data event", () => {
  const logging = parseEventSelectors(
    { EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [] }] },
    "f",
  );
  assert.deepEqual(logging, {
    management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
    data: [],
  });
});

test("basic: one bucket's objects are logged for some resources only; the service prefix means all", () => {
  const logging = parseEventSelectors(
    {
      TrailARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/t",
      EventSelectors: [
        {
          ReadWriteType: "ReadOnly",
          IncludeManagementEvents: false,
          DataResources: [
            { Type: "AWS::S3::Object", Values: ["arn:aws:s3:::amzn-s3-demo-bucket/"] },
            { Type: "AWS::Lambda::Function", Values: ["arn:aws:lambda"] },
          ],
        },
      ],
    },
    "f",
  );
  assert.equal(logging.trail, "arn:aws:cloudtrail:us-east-1:123456789012:trail/t");
  assert.deepEqual(logging.management, { read: false, write: false });
  assert.deepEqual(logging.data, [
    { type: "AWS::S3::Object", read: true, write: false, resources: ["arn:aws:s3:::amzn-s3-demo-bucket/"] },
    { type: "AWS::Lambda::Function", read: true, write: false, resources: "all" },
  ]);
});

test("basic: management events minus KMS", () => {
  const logging = parseEventSelectors(
    { EventSelectors: [{ ReadWriteType: "All", ExcludeManagementEventSources: ["kms.amazonaws.com"] }] },
    "f",
  );
  assert.deepEqual(logging.management, {
    read: { excludedSources: ["kms.amazonaws.com"] },
    write: { excludedSources: ["kms.amazonaws.com"] },
  });
});

test("advanced: management, write-only SQS, one table by ARN, SNS Publish only", () => {
  const logging = parseEventSelectors(
    {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
          ],
        },
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::SQS::Queue"] },
            { Field: "readOnly", Equals: ["false"] },
          ],
        },
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::DynamoDB::Table"] },
            { Field: "resources.ARN", StartsWith: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"] },
          ],
        },
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::SNS::Topic"] },
            { Field: "eventName", Equals: ["Publish"] },
          ],
        },
      ],
    },
    "f",
  );
  assert.deepEqual(logging.management, {
    read: { excludedSources: ["kms.amazonaws.com"] },
    write: { excludedSources: ["kms.amazonaws.com"] },
  });
  assert.deepEqual(logging.data, [
    { type: "AWS::SQS::Queue", read: false, write: true, resources: "all" },
    {
      type: "AWS::DynamoDB::Table",
      read: true,
      write: true,
      resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"],
    },
    { type: "AWS::SNS::Topic", read: true, write: true, resources: "all", onlyEvents: ["Publish"] },
  ]);
});

test("advanced: a condition Whittle cannot reason about makes the selector partial", () => {
  const logging = parseEventSelectors(
    {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
            { Field: "userIdentity.arn", NotStartsWith: ["arn:aws:sts::123456789012:assumed-role/ci"] },
          ],
        },
      ],
    },
    "f",
  );
  assert.deepEqual(logging.management, { read: false, write: false });
  assert.deepEqual(logging.data[0]?.resources, []);
});

test("advanced: management events filtered by a condition Whittle cannot reason about are not counted as logged", () => {
  // Event data stores filter management events by userIdentity.arn, eventName, eventSource Equals...:
  // such a selector logs some management events only, and counted whole, a CI role whose calls it
  // leaves out looked unused.
  const management = (condition: object) =>
    parseEventSelectors(
      {
        AdvancedEventSelectors: [
          { FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }, condition] },
        ],
      },
      "f",
    ).management;
  const none = { read: false, write: false };
  assert.deepEqual(
    management({ Field: "userIdentity.arn", NotStartsWith: ["arn:aws:sts::123456789012:assumed-role/ci"] }),
    none,
  );
  assert.deepEqual(management({ Field: "eventSource", Equals: ["iam.amazonaws.com"] }), none);
  assert.deepEqual(management({ Field: "readOnly", NotEquals: ["true"] }), none);
  assert.deepEqual(management({ Field: "eventSource", NotEquals: ["kms.amazonaws.com"] }), {
    read: { excludedSources: ["kms.amazonaws.com"] },
    write: { excludedSources: ["kms.amazonaws.com"] },
  });
});

test("advanced: a selector naming a field twice, or readOnly by another operator than Equals, is not counted whole", () => {
  // Read by its first condition, a second eventName exclusion went unread, and S3 object reads a
  // workload makes only as HeadObject (authorized as s3:GetObject) looked unmade.
  const objects = (conditions: object[]) =>
    parseEventSelectors(
      {
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Data"] },
              { Field: "resources.type", Equals: ["AWS::S3::Object"] },
              ...conditions,
            ],
          },
        ],
      },
      "f",
    );
  const twice = objects([
    { Field: "eventName", NotEquals: ["PutObject"] },
    { Field: "eventName", NotEquals: ["HeadObject"] },
  ]);
  assert.notEqual(twice.data[0]?.resources, "all");
  assert.equal(o.observable(catalog.action("s3:GetObject")!, [{ ...twice, regions: undefined }]), false);
  assert.notEqual(objects([{ Field: "readOnly", NotEquals: ["true"] }]).data[0]?.resources, "all");
  assert.equal(
    objects([{ Field: "eventName", NotEquals: ["PutObject", "HeadObject"] }]).data[0]?.resources,
    "all",
  );
  const management = parseEventSelectors(
    {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
            { Field: "eventSource", NotEquals: ["rdsdata.amazonaws.com"] },
          ],
        },
      ],
    },
    "f",
  ).management;
  assert.deepEqual(management, { read: false, write: false });
});

test("advanced: an exclusion on read events only stays on read events", () => {
  const logging = parseEventSelectors(
    {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "readOnly", Equals: ["false"] },
          ],
        },
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Management"] },
            { Field: "readOnly", Equals: ["true"] },
            { Field: "eventSource", NotEquals: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] },
          ],
        },
      ],
    },
    "f",
  );
  assert.deepEqual(logging.management, {
    read: { excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] },
    write: { excludedSources: [] },
  });
});

test("basic: an exclusion on write events only stays on write events", () => {
  const logging = parseEventSelectors(
    {
      EventSelectors: [
        { ReadWriteType: "ReadOnly", IncludeManagementEvents: true },
        { ReadWriteType: "WriteOnly", ExcludeManagementEventSources: ["kms.amazonaws.com"] },
      ],
    },
    "f",
  );
  assert.deepEqual(logging.management, {
    read: { excludedSources: [] },
    write: { excludedSources: ["kms.amazonaws.com"] },
  });
});

test("selectors of one side log the union of their events: a source stays excluded only if each excludes it", () => {
  const logging = parseEventSelectors(
    {
      EventSelectors: [
        {
          ReadWriteType: "All",
          ExcludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"],
        },
        { ReadWriteType: "ReadOnly", ExcludeManagementEventSources: ["kms.amazonaws.com"] },
        { ReadWriteType: "WriteOnly", IncludeManagementEvents: false },
      ],
    },
    "f",
  );
  assert.deepEqual(logging.management, {
    read: { excludedSources: ["kms.amazonaws.com"] },
    write: { excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] },
  });
});

test("write management events alone: read events are not logged", () => {
  const logging = parseEventSelectors(
    { EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] },
    "f",
  );
  assert.deepEqual(logging.management, { read: false, write: { excludedSources: [] } });
});

test("a document that is not get-event-selectors output is a typed error naming the file", () => {
  assert.throws(() => parseEventSelectors({ Records: [] }, "trail.json"), EventSelectorsError);
  assert.throws(() => parseEventSelectors("nope", "trail.json"), /trail\.json/);
});

test("an answer holding no selector at all counts on no event, not on a trail of every management event", () => {
  // A trail has one to five basic selectors or advanced ones: an empty list may stand for a trail
  // of S3 data events alone, whose silence shows no IAM call unmade.
  for (const document of [
    { TrailARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/t", EventSelectors: [] },
    { AdvancedEventSelectors: [] },
    { EventSelectors: [], AdvancedEventSelectors: [] },
  ]) {
    const logging = parseEventSelectors(document, "f");
    assert.deepEqual(logging.management, { read: false, write: false });
    assert.deepEqual(logging.data, []);
    assert.equal(o.observable(catalog.action("iam:ListRoles")!, [logging]), false);
  }
});
