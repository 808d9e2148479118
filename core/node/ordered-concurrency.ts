/**
 * Runs `task` over `inputs` with at most `limit` in flight, yielding results in input order.
 * Order matters downstream (the aggregate keeps the first resources it sees), so parallel
 * downloads must not make a run depend on network timing. Inputs are pulled lazily, so listing
 * and downloading overlap and no full listing is held in memory.
 */
export async function* orderedConcurrency<I, O>(
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
