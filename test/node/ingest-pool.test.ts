import assert from "node:assert/strict";
import { test } from "node:test";
import type { AggregateSetup } from "../../core/engine/activity/aggregate-part.js";
import type { ChunkEntry } from "../../core/node/ingest-chunks.js";
import { aggregateChunks } from "../../core/node/ingest-pool.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z", days: 36525 };

const ports = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort").length;

test("an aggregation that fails before its first chunk leaves no worker thread running", async () => {
  // The roles read fine once (copied to the worker thread) and fail on the next read, this
  // thread's own aggregator: any failure of this thread's setup after the threads have started.
  let reads = 0;
  const setup = { window: WINDOW, maxResources: 100, context: {} } as unknown as AggregateSetup;
  Object.defineProperty(setup, "roles", {
    enumerable: true,
    get() {
      if (reads++ > 0) throw new Error("roles unreadable");
      return [];
    },
  });
  async function* chunks(): AsyncGenerator<ChunkEntry[]> {
    yield [];
  }
  const before = ports();
  await assert.rejects(async () => {
    for await (const _ of aggregateChunks(chunks(), setup, 2));
  }, /roles unreadable/);
  // A worker thread left running holds the process open after the run has failed: it never exits.
  assert.equal(ports(), before);
});
