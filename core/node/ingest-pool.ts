import { availableParallelism } from "node:os";
import { type AggregateSetup, emptyPart } from "../engine/activity/aggregate-part.js";
import { CoverageTracker } from "../engine/activity/coverage.js";
import type { ActivityPart } from "../engine/activity/types.js";
import { deliveryLog } from "./cloudtrail-files.js";
import { pulledInOrder } from "./concurrency.js";
import { type ChunkEntry, chunkAggregator, fileChunks } from "./ingest-chunks.js";
import { loadCatalog } from "./load-catalog.js";
import { releaseMemory } from "./release-memory.js";
import { MAX_TRAIL_FILE_BYTES } from "./trail-bytes.js";
import { RequestThread } from "./worker-start.js";

/**
 * The parts of the files under `paths`, aggregated in `workers` threads, this one included;
 * `"auto"`: one per core (at most 4), and this thread alone on a single core or for an input of a
 * single chunk, where starting threads costs more than they save. Ends with a part holding what
 * the files' places in a trail's layout show of the days delivered.
 */
export async function* aggregateFiles(
  paths: readonly string[],
  setup: AggregateSetup,
  workers: number | "auto",
  maxFileBytes = MAX_TRAIL_FILE_BYTES,
): AsyncGenerator<ActivityPart> {
  const log = deliveryLog();
  const chunks = fileChunks(paths, log.note);
  const taken = [await chunks.next(), await chunks.next()];
  const cores = availableParallelism();
  const threads = workers !== "auto" ? workers : taken[1]?.done || cores < 2 ? 1 : Math.min(4, cores);
  yield* aggregateChunks(resumed(taken, chunks), setup, threads, maxFileBytes);
  const tracker = new CoverageTracker("", [], setup.window);
  tracker.add(log.extent());
  yield { aggregate: emptyPart(), coverage: tracker.part(), items: 0 };
}

async function* resumed(
  taken: readonly IteratorResult<ChunkEntry[]>[],
  rest: AsyncGenerator<ChunkEntry[]>,
): AsyncGenerator<ChunkEntry[]> {
  for (const result of taken) if (!result.done) yield result.value;
  yield* rest;
}

/**
 * Aggregates chunks in `threads` threads: this one and `threads - 1` worker threads, yielding
 * their parts in chunk order whatever order they finish in. This thread takes chunks too rather
 * than wait on the others: its only other work, merging parts, is small, and every worker thread
 * is a heap of its own and a copy of each part it hands over. Each thread holds one chunk at a
 * time (it reads ahead within the chunk) and takes the next when done, at most one chunk past
 * the threads' count ahead of the part to merge next: a chunk's part holds about every tuple the
 * whole input has, so parts in flight, not events, are what memory grows with.
 */
export async function* aggregateChunks(
  chunks: AsyncIterable<ChunkEntry[]>,
  setup: AggregateSetup,
  threads: number,
  maxFileBytes = MAX_TRAIL_FILE_BYTES,
): AsyncGenerator<ActivityPart> {
  // This thread's aggregator first: if it cannot be built, no thread has started.
  const local = chunkAggregator(setup, loadCatalog(), maxFileBytes);
  const others: RequestThread<ChunkEntry[], ActivityPart>[] = [];
  try {
    // Started inside the cleanup: a thread that fails to start leaves none of the others running.
    for (let i = 1; i < threads; i++)
      others.push(new RequestThread("ingest-worker", { setup, maxFileBytes }, "activity ingest"));
    const runners = [local, ...others.map((thread) => (chunk: ChunkEntry[]) => thread.request(chunk))];
    for await (const part of pulledInOrder(chunks, runners, runners.length + 1)) {
      yield part;
      // Resumed once the part is merged: what the merge did not keep of it is garbage now.
      releaseMemory();
    }
  } finally {
    await Promise.all(others.map((thread) => thread.close()));
  }
}
