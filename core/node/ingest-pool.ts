import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type AggregateSetup, emptyPart } from "../engine/activity/aggregate-part.js";
import { CoverageTracker } from "../engine/activity/coverage.js";
import type { ActivityPart } from "../engine/activity/types.js";
import { deliveryLog } from "./cloudtrail-files.js";
import { boundedStream } from "./concurrency.js";
import { type ChunkEntry, chunkAggregator, fileChunks } from "./ingest-chunks.js";
import { loadCatalog } from "./load-catalog.js";
import { releaseMemory } from "./release-memory.js";

// Compiled, the worker is dist/cli/ingest-worker.js beside this code's chunk; from the sources, the .ts.
const fromSources = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(fromSources ? "./ingest-worker.ts" : "./ingest-worker.js", import.meta.url);

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
): AsyncGenerator<ActivityPart> {
  const log = deliveryLog();
  const chunks = fileChunks(paths, log.note);
  const taken = [await chunks.next(), await chunks.next()];
  const cores = availableParallelism();
  const threads = workers !== "auto" ? workers : taken[1]?.done || cores < 2 ? 1 : Math.min(4, cores);
  yield* aggregateChunks(resumed(taken, chunks), setup, threads);
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

/** Something that aggregates chunks one at a time, in the order they are given. */
interface Aggregator {
  readonly pending: number;
  aggregate(chunk: ChunkEntry[]): Promise<ActivityPart>;
}

/**
 * Aggregates chunks in `threads` threads: this one and `threads - 1` worker threads, yielding
 * their parts in chunk order whatever order they finish in. This thread takes chunks too rather
 * than wait on the others: its only other work, merging parts, is small, and every worker thread
 * is a heap of its own and a copy of each part it hands over. Each thread holds one chunk at a
 * time (it reads ahead within the chunk): a chunk's part holds about every tuple the whole input
 * has, so parts in flight, not events, are what memory grows with.
 */
export async function* aggregateChunks(
  chunks: AsyncIterable<ChunkEntry[]>,
  setup: AggregateSetup,
  threads: number,
): AsyncGenerator<ActivityPart> {
  const pool: (Aggregator & { close?: () => Promise<void> })[] = [
    new LocalAggregator(chunkAggregator(setup, loadCatalog())),
    ...Array.from({ length: Math.max(0, threads - 1) }, () => new IngestThread(setup)),
  ];
  try {
    const parts = boundedStream(chunks, pool.length, (chunk) =>
      pool.reduce((a, b) => (b.pending < a.pending ? b : a)).aggregate(chunk),
    );
    for await (const part of parts) {
      yield part;
      // Resumed once the part is merged: what the merge did not keep of it is garbage now.
      releaseMemory();
    }
  } finally {
    await Promise.all(pool.map((t) => t.close?.()));
  }
}

/** This thread's aggregator: its chunks queue behind each other, never interleave. */
class LocalAggregator implements Aggregator {
  private queue: Promise<unknown> = Promise.resolve();
  pending = 0;

  constructor(private readonly run: (chunk: ChunkEntry[]) => Promise<ActivityPart>) {}

  aggregate(chunk: ChunkEntry[]): Promise<ActivityPart> {
    this.pending++;
    const part = this.queue.then(() => this.run(chunk)).finally(() => this.pending--);
    this.queue = part.catch(() => undefined);
    return part;
  }
}

class IngestThread implements Aggregator {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (p: ActivityPart) => void; reject: (e: Error) => void }
  >();
  private next = 0;

  constructor(setup: AggregateSetup) {
    this.worker = fromSources
      ? new Worker(fromSourcesBootstrap(), { eval: true, workerData: { setup } })
      : new Worker(WORKER_URL, { workerData: { setup } });
    this.worker.on("message", (m: { id: number; part?: ActivityPart; error?: string }) => {
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.part) waiter?.resolve(m.part);
      else waiter?.reject(new Error(`activity ingest thread failed: ${m.error}`));
    });
    const fail = (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`activity ingest thread exited with code ${code}`)));
  }

  get pending(): number {
    return this.waiting.size;
  }

  aggregate(chunk: ChunkEntry[]): Promise<ActivityPart> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, chunk });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** From the sources, the thread registers tsx's loader itself: loaders do not pass to threads. */
function fromSourcesBootstrap(): string {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
}
