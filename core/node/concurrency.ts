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
