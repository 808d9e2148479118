import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { itemsFromDocument, itemsFromText } from "../../../core/engine/activity/documents.js";
import { toCloudTrailEvent } from "../../../core/engine/activity/record.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();

/** Values shaped like CloudTrail records, with every field sometimes of the wrong type. */
const anything = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string()),
  fc.object(),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anything);
const recordLike = fc.record(
  {
    eventSource: maybe(
      fc.constantFrom("s3.amazonaws.com", "iam.amazonaws.com", "lambda.amazonaws.com", "constructor", ""),
    ),
    eventName: maybe(
      fc.constantFrom("GetObject", "CopyObject", "Invoke", "GetFunction20150331v2", "__proto__", ""),
    ),
    eventTime: maybe(fc.constantFrom("2026-11-01T00:00:00Z", "2026-11-01 00:00:00", "not a time", "")),
    eventType: maybe(fc.constantFrom("AwsApiCall", "AwsServiceEvent", "hasOwnProperty")),
    errorCode: maybe(fc.constantFrom("AccessDenied", "NoSuchKey")),
    awsRegion: maybe(fc.constantFrom("us-east-1", "cn-north-1")),
    recipientAccountId: maybe(fc.constantFrom("123456789012", "x")),
    userIdentity: maybe(
      fc.record(
        {
          type: maybe(
            fc.constantFrom("IAMUser", "AssumedRole", "Root", "FederatedUser", "AWSService", "AWSAccount"),
          ),
          arn: maybe(
            fc.constantFrom("arn:aws:iam::123456789012:user/a", "arn:aws:sts::123456789012:assumed-role/r/s"),
          ),
          accountId: maybe(fc.constantFrom("123456789012")),
          accessKeyId: maybe(fc.constantFrom("AKIA1", "")),
          invokedBy: anything,
          sessionContext: maybe(fc.record({ sessionIssuer: maybe(fc.record({ arn: anything })) })),
        },
        { requiredKeys: [] },
      ),
    ),
    requestParameters: maybe(
      fc.record(
        {
          bucketName: anything,
          key: anything,
          "x-amz-copy-source": maybe(fc.constantFrom("%E0%A4%A", "/b/k?versionId=1", "b")),
          functionName: anything,
          names: anything,
          queueUrl: anything,
        },
        { requiredKeys: [] },
      ),
    ),
    resources: maybe(fc.array(maybe(fc.record({ ARN: anything }, { requiredKeys: [] })))),
  },
  { requiredKeys: [] },
);

test("any text gives items or warnings, never an exception", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      (text) => {
        for (const item of itemsFromText(text, "fuzz")) assert.ok(["event", "warning"].includes(item.kind));
      },
    ),
    { numRuns: 500 },
  );
});

test("any document gives items or warnings, never an exception", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.anything(),
        fc.record({ Records: fc.array(recordLike) }),
        fc.record({
          Events: fc.array(
            fc.record({
              CloudTrailEvent: fc.oneof(
                fc.string(),
                recordLike.map((r) => JSON.stringify(r)),
              ),
            }),
          ),
        }),
      ),
      (doc) => {
        for (const item of itemsFromDocument(doc, "fuzz"))
          assert.ok(["event", "warning"].includes(item.kind));
      },
    ),
    { numRuns: 500 },
  );
});

test("whatever the parser accepts, the aggregator takes without an exception", () => {
  fc.assert(
    fc.property(fc.array(recordLike, { maxLength: 20 }), (records) => {
      const aggregator = new ActivityAggregator(catalog);
      for (const record of records) {
        const event = toCloudTrailEvent(structuredClone(record));
        if (typeof event !== "string") aggregator.addEvent(event);
      }
      const result = aggregator.result();
      assert.ok(result.events <= records.length);
    }),
    { numRuns: 500 },
  );
});

test("the parser accepts exactly the records with string source, name and time", () => {
  fc.assert(
    fc.property(recordLike, (record) => {
      const ok =
        typeof record.eventSource === "string" &&
        record.eventSource !== "" &&
        typeof record.eventName === "string" &&
        record.eventName !== "" &&
        typeof record.eventTime === "string" &&
        record.eventTime !== "" &&
        (record.userIdentity === undefined ||
          record.userIdentity === null ||
          (typeof record.userIdentity === "object" && !Array.isArray(record.userIdentity))) &&
        (record.resources === undefined || record.resources === null || Array.isArray(record.resources));
      assert.equal(typeof toCloudTrailEvent(structuredClone(record)) !== "string", ok);
    }),
    { numRuns: 1000 },
  );
});
