import assert from "node:assert/strict";
import { test } from "node:test";
import { callContext } from "../../../core/engine/activity/action-state.js";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { DeliveryDays } from "../../../core/engine/activity/delivery-days.js";
import { catalog } from "../../helpers/catalog.js";

// Records carry any strings: no two different places, contexts or events may share one tally.

test("an account and region whose texts join alike stay two places with their own gaps", () => {
  const days = new DeliveryDays();
  days.record("2026-11-01T10:00:00Z", "y", "1 x");
  days.record("2026-11-02T10:00:00Z", "x y", "1");
  const gaps = days.gaps({ start: "2026-11-01T00:00:00Z", end: "2026-11-03T00:00:00Z" }, true);
  assert.deepEqual(gaps, [
    { account: "1", region: "x y", days: ["2026-11-01"] },
    { account: "1 x", region: "y", days: ["2026-11-02"] },
  ]);
});

test("call contexts whose parts join alike keep apart, region-only ones included", () => {
  const kept = { sourceIp: true, vpcEndpoint: true };
  const a = callContext({ awsRegion: "r\u0000", vpcEndpointId: "x" }, kept);
  const b = callContext({ awsRegion: "r", vpcEndpointId: "\u0000x" }, kept);
  assert.notEqual(a.key, b.key);
  const regionOnly = callContext({ awsRegion: "a\u00001.2.3.4\u0000" }, kept);
  const withIp = callContext({ awsRegion: "a", sourceIPAddress: "1.2.3.4" }, kept);
  assert.notEqual(regionOnly.key, withIp.key);
  assert.equal(
    callContext({ awsRegion: "us-east-1" }, kept).key,
    callContext({ awsRegion: "us-east-1" }, {}).key,
  );
});

test("unmapped events whose source and name join alike are counted apart", () => {
  const aggregator = new ActivityAggregator(catalog);
  const event = (eventSource: string, eventName: string) => ({
    kind: "event" as const,
    event: { eventSource, eventName, eventTime: "2026-11-01T00:00:00Z", awsRegion: "us-east-1" },
  });
  aggregator.add(event("a\u0000b.amazonaws.com", "C"));
  aggregator.add(event("a", "b.amazonaws.com\u0000C"));
  aggregator.add(event("a", "b.amazonaws.com\u0000C"));
  assert.deepEqual(
    aggregator.result().unmapped.map((u) => [u.eventSource, u.eventName, u.count]),
    [
      ["a", "b.amazonaws.com\u0000C", 2],
      ["a\u0000b.amazonaws.com", "C", 1],
    ],
  );
});
