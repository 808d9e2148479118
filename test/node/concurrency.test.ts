import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { boundedMap } from "../../core/node/concurrency.js";

test("boundedMap keeps order, and starts nothing more once a task has failed", async () => {
  assert.deepEqual(
    await boundedMap([3, 1, 2], 2, async (n) => {
      await tick();
      return n * 10;
    }),
    [30, 10, 20],
  );
  const started: number[] = [];
  const failing = boundedMap(
    Array.from({ length: 20 }, (_, i) => i),
    3,
    async (i) => {
      started.push(i);
      await tick();
      if (i === 1) throw new Error("task 1 failed");
      return i;
    },
  );
  await assert.rejects(failing, /task 1 failed/);
  const atFailure = started.length;
  for (let i = 0; i < 10; i++) await tick();
  // Those in flight when it failed, and none after.
  assert.equal(started.length, atFailure);
  assert.ok(atFailure <= 4, started.join());
});
