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
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
