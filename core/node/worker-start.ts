import { parentPort, Worker } from "node:worker_threads";

// Compiled, a worker's entry is dist/cli/NAME.js beside the chunk that starts it; from the sources, the .ts.
const fromSources = import.meta.url.endsWith(".ts");

/** What a worker thread posts back for each request: its value, or the error that ended it. */
type Reply<R> = { id: number; value: R } | { id: number; error: string };

/**
 * A worker thread that answers requests one at a time, in the order they are sent: entry
 * core/node/`name`.ts (compiled: dist/cli/`name`.js), started with `workerData`, answering
 * through `serveRequests`.
 */
export class RequestThread<Q, R> {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  private next = 0;
  /** Why the thread ended (an error, or its exit), once it has. */
  private ended: Error | undefined;

  constructor(
    name: string,
    workerData: unknown,
    private readonly what: string,
  ) {
    const url = new URL(`./${name}.${fromSources ? "ts" : "js"}`, import.meta.url);
    this.worker = fromSources
      ? new Worker(fromSourcesBootstrap(url), { eval: true, workerData })
      : new Worker(url, { workerData });
    this.worker.on("message", (reply: Reply<R>) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ("value" in reply) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(`${this.what} thread failed: ${reply.error}`));
    });
    const fail = (error: Error) => {
      this.ended ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`${this.what} thread exited with code ${code}`)));
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.waiting.size;
  }

  request(request: Q): Promise<R> {
    // A thread that has ended would never answer: the request fails as its earlier ones did.
    if (this.ended) return Promise.reject(this.ended);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * In a worker thread: answers each request with `answer`, one at a time in arrival order, and
 * calls `after` once each answer is posted.
 */
export function serveRequests<Q, R>(answer: (request: Q) => R | Promise<R>, after?: () => void): void {
  const port = parentPort;
  if (!port) throw new Error("this module runs as a worker thread");
  let queue: Promise<void> = Promise.resolve();
  port.on("message", ({ id, request }: { id: number; request: Q }) => {
    queue = queue.then(async () => {
      try {
        port.postMessage({ id, value: await answer(request) } satisfies Reply<R>);
        after?.();
      } catch (error) {
        port.postMessage({ id, error: (error as Error).stack ?? String(error) } satisfies Reply<R>);
      }
    });
  });
}

/** From the sources, the thread registers tsx's loader itself: loaders do not pass to threads. */
function fromSourcesBootstrap(url: URL): string {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
}
