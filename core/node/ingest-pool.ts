import { Worker } from "node:worker_threads";
import type { AggregateSetup } from "../engine/activity/aggregate-part.js";
import type { ActivityPart } from "../engine/activity/types.js";
import { boundedStream } from "./concurrency.js";
import { type ChunkEntry, chunkAggregator } from "./ingest-chunks.js";
import { loadCatalog } from "./load-catalog.js";

// Compiled, the worker is dist/cli/ingest-worker.js beside this code's chunk; from the sources, the .ts.
const fromSources = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(fromSources ? "./ingest-worker.ts" : "./ingest-worker.js", import.meta.url);

/**
 * Aggregates chunks in `threads` worker threads (0: on this thread), yielding their parts in chunk
 * order whatever order they finish in. Each thread holds at most two chunks, so that it starts
 * reading the next while it parses one, and memory stays bounded by the threads, not the input.
 */
export async function* aggregateChunks(
  chunks: AsyncIterable<ChunkEntry[]>,
  setup: AggregateSetup,
  threads: number,
): AsyncGenerator<ActivityPart> {
  if (threads < 1) {
    yield* boundedStream(chunks, 1, chunkAggregator(setup, loadCatalog()));
    return;
  }
  const pool = Array.from({ length: threads }, () => new IngestThread(setup));
  try {
    yield* boundedStream(chunks, threads * 2, (chunk) =>
      pool.reduce((a, b) => (b.pending < a.pending ? b : a)).aggregate(chunk),
    );
  } finally {
    await Promise.all(pool.map((t) => t.close()));
  }
}

class IngestThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (p: ActivityPart) => void; reject: (e: Error) => void }
  >();
  private next = 0;

  constructor(setup: AggregateSetup) {
    this.worker = new Worker(WORKER_URL, { workerData: { setup }, execArgv: workerExecArgv() });
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

/** From the sources, the thread needs tsx's loader too, when this process got it another way. */
function workerExecArgv(): string[] {
  if (!fromSources || process.execArgv.some((a) => a.includes("tsx"))) return process.execArgv;
  return [...process.execArgv, "--import", import.meta.resolve("tsx")];
}
