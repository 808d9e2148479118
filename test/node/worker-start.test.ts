import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import type { AggregateSetup } from "../../core/engine/activity/aggregate-part.js";
import type { ChunkEntry } from "../../core/node/ingest-chunks.js";
import { RequestThread } from "../../core/node/worker-start.js";

const setup: AggregateSetup = {
  window: { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z" },
  maxResources: 100,
  roles: [],
  context: {},
};

test("a request to a thread that has ended fails at once rather than waiting for an answer that never comes", async () => {
  const thread = new RequestThread<ChunkEntry[], unknown>("ingest-worker", { setup }, "activity ingest");
  const worker = (thread as unknown as { worker: import("node:worker_threads").Worker }).worker;
  const exited = once(worker, "exit");
  await thread.close();
  await exited;
  await assert.rejects(thread.request([]), /activity ingest thread exited/);
});
