import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { deliveryDays, logsRoot, windowDays } from "../../core/aws/cloudtrail-s3-layout.js";
import { boundedStream } from "../../core/node/concurrency.js";

test("a window covers every UTC day it touches; its exclusive end at midnight adds no day", () => {
  assert.deepEqual(windowDays({ start: "2026-11-02T00:00:00Z", end: "2026-11-04T00:00:00Z" }), [
    "2026/11/02",
    "2026/11/03",
  ]);
  assert.deepEqual(windowDays({ start: "2026-12-31T23:00:00Z", end: "2027-01-01T00:00:01Z" }), [
    "2026/12/31",
    "2027/01/01",
  ]);
  assert.deepEqual(windowDays({ start: "2026-11-04T00:00:00Z", end: "2026-11-02T00:00:00Z" }), []);
  assert.equal(windowDays({ start: "2026-08-24T00:00:00Z", end: "2026-11-22T00:00:00Z" }).length, 90);
});

test("the partitions read add the day after the window's last, which holds its last minutes' deliveries", () => {
  assert.deepEqual(deliveryDays({ start: "2026-12-30T00:00:00Z", end: "2027-01-01T00:00:00Z" }), [
    "2026/12/30",
    "2026/12/31",
    "2027/01/01",
  ]);
  assert.deepEqual(deliveryDays({ start: "2026-02-27T12:00:00Z", end: "2026-02-28T09:00:00Z" }), [
    "2026/02/27",
    "2026/02/28",
    "2026/03/01",
  ]);
  assert.deepEqual(deliveryDays({ start: "2026-11-04T00:00:00Z", end: "2026-11-02T00:00:00Z" }), []);
});

test("the logs root sits under the trail's prefix", () => {
  assert.equal(logsRoot(undefined), "AWSLogs/");
  assert.equal(logsRoot("/org/trail/"), "org/trail/AWSLogs/");
});

test("parallel tasks yield in input order, at most `limit` at once", async () => {
  let running = 0;
  let peak = 0;
  async function* inputs() {
    yield* [30, 5, 20, 1, 10];
  }
  const results: number[] = [];
  for await (const value of boundedStream(inputs(), 2, async (ms) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(ms);
    running--;
    return ms;
  })) {
    results.push(value);
  }
  assert.deepEqual(results, [30, 5, 20, 1, 10]);
  assert.equal(peak, 2);
});

test("a failed task surfaces when its turn comes", async () => {
  async function* inputs() {
    yield* [1, 2];
  }
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const value of boundedStream(inputs(), 2, async (n) => {
      if (n === 2) throw new Error("boom");
      return n;
    })) {
      seen.push(value);
    }
  }, /boom/);
  assert.deepEqual(seen, [1]);
});
