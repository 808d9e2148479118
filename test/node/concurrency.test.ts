import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { boundedMap, pulledInOrder } from "../../core/node/concurrency.js";

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

async function* count(n: number, pulled: number[] = []): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    pulled.push(i);
    yield i;
  }
}

const collect = async <T>(results: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const r of results) all.push(r);
  return all;
};

test("pulledInOrder: a free runner takes the next input while a slow one works, and results keep input order", async () => {
  let release: () => void = () => {};
  const slowDone = new Promise<void>((resolve) => {
    release = resolve;
  });
  const fastTook: number[] = [];
  const slow = async (i: number) => {
    await slowDone;
    return `slow ${i}`;
  };
  const fast = async (i: number) => {
    fastTook.push(i);
    // The slow runner's first input is let go only once the fast one has gone ahead of it.
    if (fastTook.length === 3) release();
    await tick();
    return `fast ${i}`;
  };
  const results = await collect(pulledInOrder(count(6), [slow, fast], 4));
  // Input 0 went to the slow runner; the fast one took 1, 2 and 3 meanwhile (4 ahead at most).
  assert.deepEqual(fastTook.slice(0, 3), [1, 2, 3]);
  assert.deepEqual(
    results.map((r) => Number(r.split(" ")[1])),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(results[0], "slow 0");
});

test("pulledInOrder starts nothing more than `ahead` places past the oldest result not yet taken", async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pulled: number[] = [];
  const runner = async (i: number) => {
    if (i === 0) await gate;
    return i;
  };
  const results = pulledInOrder(count(10, pulled), [runner, runner], 3);
  const first = results.next();
  for (let i = 0; i < 10; i++) await tick();
  // Input 0 holds the line: 0, 1 and 2 are started, 3 is not.
  assert.deepEqual(pulled, [0, 1, 2]);
  release();
  assert.deepEqual(await first, { value: 0, done: false });
  assert.deepEqual(await collect(results), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("pulledInOrder delivers a failure in its turn, after the results before it, and starts nothing after it", async () => {
  const pulled: number[] = [];
  const runner = async (i: number) => {
    await tick();
    if (i === 2) throw new Error("input 2 failed");
    return i;
  };
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const r of pulledInOrder(count(50, pulled), [runner, runner], 3)) seen.push(r);
  }, /input 2 failed/);
  assert.deepEqual(seen, [0, 1]);
  for (let i = 0; i < 10; i++) await tick();
  assert.ok(pulled.length <= 5, pulled.join());
});

test("pulledInOrder ends on empty input and on a failing input stream", async () => {
  assert.deepEqual(await collect(pulledInOrder(count(0), [async (i: number) => i], 2)), []);
  async function* broken(): AsyncGenerator<number> {
    yield 1;
    throw new Error("listing failed");
  }
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const r of pulledInOrder(broken(), [async (i: number) => i * 10], 2)) seen.push(r);
  }, /listing failed/);
  assert.deepEqual(seen, [10]);
});
