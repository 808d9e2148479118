/**
 * Bounded concurrency, in the two shapes the adapters need: a whole list mapped at once
 * (`boundedMap`), and a lazy stream whose results come out in input order (`boundedStream`).
 */

/**
 * Maps `items` through `task` with at most `limit` calls in flight, keeping input order. IAM
 * throttles per account; a small fixed limit plus the SDK's adaptive retries keeps a large
 * account's collection fast without tripping it.
 */
export async function boundedMap<I, O>(
  items: readonly I[],
  limit: number,
  task: (item: I) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  // After a failure the call rejects: nothing more is started for a result no one will read.
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as I);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Runs `task` over `inputs` with at most `limit` in flight, yielding results in input order.
 * Order matters downstream (the aggregate keeps the first resources it sees), so parallel
 * downloads must not make a run depend on network timing. Inputs are pulled lazily, so listing
 * and downloading overlap and no full listing is held in memory.
 */
export async function* boundedStream<I, O>(
  inputs: AsyncIterable<I>,
  limit: number,
  task: (input: I) => Promise<O>,
): AsyncGenerator<O> {
  const iterator = inputs[Symbol.asyncIterator]();
  const pending: Promise<O>[] = [];
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && pending.length < limit) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const promise = task(next.value);
      // A failure is delivered when its turn comes; until then it must not count as unhandled.
      promise.catch(() => undefined);
      pending.push(promise);
    }
  };
  await fill();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    await fill();
    yield result;
  }
}

/**
 * Runs `inputs` through whichever of `runners` is free, yielding results in input order. A runner
 * takes the next input as soon as it is done with one, not when the oldest result is taken: with
 * runners of unequal speed (this thread also merges), a fixed turn left the fast one idle. No
 * input is started more than `ahead` places past the oldest result not yet yielded: results that
 * wait for an earlier one are what memory grows with. After a failure, nothing more is started.
 */
export async function* pulledInOrder<I, O>(
  inputs: AsyncIterable<I>,
  runners: readonly ((input: I) => Promise<O>)[],
  ahead: number,
): AsyncGenerator<O> {
  const iterator = inputs[Symbol.asyncIterator]();
  const settled = new Map<number, { value: O } | { error: unknown }>();
  let pulled: Promise<unknown> = Promise.resolve();
  let started = 0;
  let yielded = 0;
  let end = Number.POSITIVE_INFINITY;
  let stopped = false;
  let changed: () => void = () => {};
  let waits = new Promise<void>((resolve) => {
    changed = resolve;
  });
  // Every waiter (runners for room, this generator for a result) wakes at each change and looks again.
  const signal = () => {
    const wake = changed;
    waits = new Promise<void>((resolve) => {
      changed = resolve;
    });
    wake();
  };
  const run = async (runner: (input: I) => Promise<O>) => {
    for (;;) {
      while (!stopped && started < end && started - yielded >= ahead) await waits;
      if (stopped || started >= end) return;
      const index = started++;
      // Inputs are pulled one at a time, in the order their indexes were taken.
      const next = pulled.then(() => iterator.next());
      pulled = next.catch(() => undefined);
      try {
        const input = await next;
        if (input.done) {
          end = Math.min(end, index);
        } else settled.set(index, { value: await runner(input.value) });
      } catch (error) {
        settled.set(index, { error });
        stopped = true;
      }
      signal();
    }
  };
  // A runner never rejects: its failures are results, delivered in their turn.
  for (const runner of runners) void run(runner);
  try {
    while (yielded < end) {
      const result = settled.get(yielded);
      if (!result) {
        await waits;
        continue;
      }
      settled.delete(yielded);
      if ("error" in result) throw result.error;
      yielded++;
      signal();
      yield result.value;
    }
  } finally {
    // What is still running finishes unread: the caller has stopped, or the error ends the run.
    stopped = true;
    signal();
  }
}
