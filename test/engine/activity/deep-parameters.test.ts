import assert from "node:assert/strict";
import { test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { AUTHORIZATION_TABLES } from "../../../core/engine/activity/knowledge/authorizations/index.js";
import { toCloudTrailEvent } from "../../../core/engine/activity/record.js";
import { catalog } from "../../helpers/catalog.js";

/** The request parameters the authorization tables read. */
const PARAMETERS = [
  "bucketName",
  "key",
  "versionId",
  "x-amz-copy-source",
  "x-amz-tagging",
  "x-amz-server-side-encryption-aws-kms-key-id",
  "x-amz-object-lock-mode",
  "functionName",
  "qualifier",
  "tableName",
  "indexName",
  "keyId",
  "kmsKeyId",
  "queueUrl",
  "topicArn",
  "streamName",
  "streamARN",
  "secretId",
  "name",
  "names",
  "roleArn",
  "roleName",
  "userName",
  "groupName",
  "policyArn",
  "policyName",
  "instanceProfileName",
  "path",
];

/** `["v"]` wrapped in arrays deeper than the call stack: JSON.parse reads such a value, a recursive walk does not. */
function deepArray(depth: number): unknown {
  let value: unknown = "v";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

test("a record whose parameters nest single-element arrays deeper than the stack is aggregated, not a crash", () => {
  const deep = deepArray(200_000);
  const requestParameters = Object.fromEntries(PARAMETERS.map((p) => [p, deep]));
  const aggregator = new ActivityAggregator(catalog);
  let records = 0;
  for (const { service, events } of AUTHORIZATION_TABLES) {
    for (const { event } of events) {
      const record = toCloudTrailEvent({
        eventTime: "2026-11-01T00:00:00Z",
        eventSource: `${service}.amazonaws.com`,
        eventName: event,
        awsRegion: "eu-west-1",
        recipientAccountId: "123456789012",
        userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/a", accountId: "123456789012" },
        requestParameters,
      });
      assert.notEqual(typeof record, "string");
      aggregator.addEvent(record as Exclude<typeof record, string>);
      records++;
    }
  }
  assert.equal(aggregator.result().events, records);
});
