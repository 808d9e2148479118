/**
 * A module-level cache of pure results keyed by strings. Such caches outlive one audit (a warm
 * Lambda runs audit after audit, account after account, each with its own ARNs), so past `limit`
 * entries it starts afresh: memory stays bounded whatever the accounts hold, and an entry still in
 * use costs one recomputation.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): V {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
