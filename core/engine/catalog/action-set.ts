/**
 * A set of catalog actions as a bitset over action ids. Union, intersection and difference of
 * thousands of policies' grants are word-wise operations on ~700 words.
 */
export class ActionSet {
  readonly size: number;
  readonly words: Uint32Array;

  private constructor(size: number, words: Uint32Array) {
    this.size = size;
    this.words = words;
  }

  static empty(size: number): ActionSet {
    return new ActionSet(size, new Uint32Array((size + 31) >>> 5));
  }

  static full(size: number): ActionSet {
    const set = ActionSet.empty(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  static range(size: number, first: number, end: number): ActionSet {
    const set = ActionSet.empty(size);
    for (let id = first; id < end; id++) set.add(id);
    return set;
  }

  static of(size: number, ids: Iterable<number>): ActionSet {
    const set = ActionSet.empty(size);
    for (const id of ids) set.add(id);
    return set;
  }

  clone(): ActionSet {
    return new ActionSet(this.size, this.words.slice());
  }

  add(id: number): void {
    this.words[id >>> 5]! |= 1 << (id & 31);
  }

  has(id: number): boolean {
    return id >= 0 && id < this.size && (this.words[id >>> 5]! & (1 << (id & 31))) !== 0;
  }

  union(other: ActionSet): ActionSet {
    return this.clone().unionInPlace(other);
  }

  intersect(other: ActionSet): ActionSet {
    return this.clone().intersectInPlace(other);
  }

  minus(other: ActionSet): ActionSet {
    return this.clone().minusInPlace(other);
  }

  complement(): ActionSet {
    const out = this.clone();
    for (let i = 0; i < out.words.length; i++) out.words[i] = ~out.words[i]!;
    out.clearTail();
    return out;
  }

  unionInPlace(other: ActionSet): this {
    this.check(other);
    for (let i = 0; i < this.words.length; i++) this.words[i]! |= other.words[i]!;
    return this;
  }

  intersectInPlace(other: ActionSet): this {
    this.check(other);
    for (let i = 0; i < this.words.length; i++) this.words[i]! &= other.words[i]!;
    return this;
  }

  minusInPlace(other: ActionSet): this {
    this.check(other);
    for (let i = 0; i < this.words.length; i++) this.words[i]! &= ~other.words[i]!;
    return this;
  }

  isEmpty(): boolean {
    const words = this.words;
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }

  equals(other: ActionSet): boolean {
    return this.size === other.size && this.words.every((w, i) => w === other.words[i]);
  }

  /** True when every member of this set is in `other`. */
  isSubsetOf(other: ActionSet): boolean {
    this.check(other);
    // A plain loop: this runs for every pair of principals in escalation analysis.
    const mine = this.words;
    const theirs = other.words;
    for (let i = 0; i < mine.length; i++) if ((mine[i]! & ~theirs[i]!) !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (const word of this.words) {
      let w = word;
      w -= (w >>> 1) & 0x55555555;
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  *ids(): IterableIterator<number> {
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i]!;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        yield (i << 5) + bit;
        w &= w - 1;
      }
    }
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }

  private check(other: ActionSet): void {
    if (other.size !== this.size) throw new RangeError("action sets from different catalogs");
  }
}
