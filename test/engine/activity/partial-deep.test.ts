import assert from "node:assert/strict";
import { test } from "node:test";
import { PartialBuilder } from "../../../core/engine/activity/partial.js";
import { recordItem } from "../../../core/engine/activity/record.js";

const PARTITION = {
  account: "123456789012",
  region: "eu-west-1",
  day: "2026/11/01",
  prefix: "AWSLogs/123456789012/CloudTrail/eu-west-1/2026/11/01/",
};
const WINDOW = { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" };

/** `{"a": {"a": ... "v"}}` deeper than the call stack: JSON.parse reads it, a recursive walk does not. */
function deepObject(depth: number): unknown {
  let value: unknown = "v";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const record = (requestParameters: unknown) =>
  recordItem(
    {
      eventTime: "2026-11-01T10:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: "GetObject",
      awsRegion: "eu-west-1",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/a", accountId: "123456789012" },
      requestParameters,
    },
    () => "deep.json",
  );

test("a record nested deeper than the stack is set aside with a warning; the partition's other records are kept", () => {
  const builder = new PartialBuilder(PARTITION, WINDOW);
  builder.add(record({ bucketName: "b", key: "k" }));
  builder.add(record({ bucketName: "b", key: deepObject(200_000) }));
  builder.add(record({ bucketName: "b", key: "k" }));
  const partial = builder.result();
  assert.equal(partial.records, 3);
  assert.deepEqual(
    partial.summaries.map((s) => s.count),
    [2],
  );
  assert.equal(partial.warnings.length, 1);
  assert.equal(partial.warnings[0]!.code, "invalid-record");
});
