/**
 * A worker thread of the parallel file ingest: reads, decompresses, parses and aggregates the
 * chunks it is sent, one at a time, and posts each chunk's aggregate part back.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AggregateSetup } from "../engine/activity/aggregate-part.js";
import { type ChunkEntry, chunkAggregator } from "./ingest-chunks.js";
import { loadCatalog } from "./load-catalog.js";
import { releaseMemory } from "./release-memory.js";

const port = parentPort;
if (!port) throw new Error("ingest-worker runs as a worker thread");
const aggregate = chunkAggregator((workerData as { setup: AggregateSetup }).setup, loadCatalog());
// One aggregator per thread: chunks queue behind each other rather than interleave.
let queue: Promise<void> = Promise.resolve();
port.on("message", ({ id, chunk }: { id: number; chunk: ChunkEntry[] }) => {
  queue = queue.then(async () => {
    try {
      port.postMessage({ id, part: await aggregate(chunk) });
      // The chunk's state is garbage once posted: dropped now rather than when the heap is full.
      releaseMemory();
    } catch (error) {
      port.postMessage({ id, error: (error as Error).stack ?? String(error) });
    }
  });
});
