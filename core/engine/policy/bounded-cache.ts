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

/**
 * A BoundedCache keyed by two strings, held apart: a key joined from both would be a new string to
 * flatten and hash at every lookup, which cost more than many of the answers it remembers. Past
 * `limit` pairs it starts afresh.
 */
export class BoundedPairCache<V> {
  private readonly entries = new Map<string, Map<string, V>>();
  private pairs = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.pairs;
  }

  get(first: string, second: string): V | undefined {
    return this.entries.get(first)?.get(second);
  }

  set(first: string, second: string, value: V): V {
    if (this.pairs >= this.limit) {
      this.entries.clear();
      this.pairs = 0;
    }
    let inner = this.entries.get(first);
    if (!inner) {
      inner = new Map();
      this.entries.set(first, inner);
    }
    if (!inner.has(second)) this.pairs++;
    inner.set(second, value);
    return value;
  }
}
