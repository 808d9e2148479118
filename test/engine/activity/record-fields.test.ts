import assert from "node:assert/strict";
import { test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { CoverageTracker } from "../../../core/engine/activity/coverage.js";
import { recordItem } from "../../../core/engine/activity/record.js";
import { coverageSchema } from "../../../core/engine/report/schema.js";
import { catalog } from "../../helpers/catalog.js";

const WINDOW = { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" };
const record = (fields: Record<string, unknown>) => ({
  eventTime: "2026-11-01T10:00:00Z",
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/a", accountId: "123456789012" },
  ...fields,
});

/** `"v"` in arrays deeper than the call stack: a key built from it recurses once per level. */
function deepArray(depth: number): unknown {
  let value: unknown = "v";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const ODD = [5, true, { region: "us-east-1" }, ["us-east-1"], deepArray(100_000)];

for (const field of [
  "awsRegion",
  "recipientAccountId",
  "eventType",
  "errorCode",
  "sourceIPAddress",
  "vpcEndpointId",
]) {
  test(`a record whose ${field} is not a string is read without it, and its source's coverage fits the report`, () => {
    const tracker = new CoverageTracker("trail", [], WINDOW);
    const aggregator = new ActivityAggregator(catalog, {
      window: WINDOW,
      context: { sourceIp: true, vpcEndpoint: true },
    });
    for (const value of ODD) {
      const item = recordItem(record({ [field]: value }), () => "odd.json");
      assert.equal(item.kind, "event");
      tracker.add(item);
      aggregator.add(item);
    }
    const coverage = tracker.result();
    assert.deepEqual(coverageSchema.parse(coverage), coverage);
    assert.equal(aggregator.result().principals[0]?.events, ODD.length);
  });
}
