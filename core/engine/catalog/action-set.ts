/**
 * A set of catalog actions as a bitset over action ids. Union, intersection and difference of
 * thousands of policies' grants are word-wise operations on ~700 words. Most sets name a handful
 * of actions of one or two services, so each set also keeps the range of words that may be
 * non-zero, and every operation walks only that range.
 */
export class ActionSet {
  readonly size: number;
  readonly words: Uint32Array;
  /** Every word outside [lo, hi) is zero; an empty range is lo = words.length, hi = 0. */
  private lo: number;
  private hi: number;

  private constructor(size: number, words: Uint32Array, lo: number, hi: number) {
    this.size = size;
    this.words = words;
    this.lo = lo;
    this.hi = hi;
  }

  static empty(size: number): ActionSet {
    const length = (size + 31) >>> 5;
    return new ActionSet(size, new Uint32Array(length), length, 0);
  }

  static full(size: number): ActionSet {
    const set = ActionSet.empty(size);
    set.words.fill(0xffffffff);
    set.lo = 0;
    set.hi = set.words.length;
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
    return new ActionSet(this.size, this.words.slice(), this.lo, this.hi);
  }

  add(id: number): void {
    const w = id >>> 5;
    this.words[w]! |= 1 << (id & 31);
    if (w < this.lo) this.lo = w;
    if (w >= this.hi) this.hi = w + 1;
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
    out.lo = 0;
    out.hi = out.words.length;
    out.clearTail();
    return out;
  }

  unionInPlace(other: ActionSet): this {
    this.check(other);
    const mine = this.words;
    const theirs = other.words;
    for (let i = other.lo; i < other.hi; i++) mine[i]! |= theirs[i]!;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  intersectInPlace(other: ActionSet): this {
    this.check(other);
    const mine = this.words;
    const theirs = other.words;
    // Words of `other` outside its range are zero, so reading them clears ours as it should.
    for (let i = this.lo; i < this.hi; i++) mine[i]! &= theirs[i]!;
    const lo = Math.max(this.lo, other.lo);
    const hi = Math.min(this.hi, other.hi);
    if (lo < hi) {
      this.lo = lo;
      this.hi = hi;
    } else {
      this.lo = mine.length;
      this.hi = 0;
    }
    return this;
  }

  minusInPlace(other: ActionSet): this {
    this.check(other);
    const mine = this.words;
    const theirs = other.words;
    const end = Math.min(this.hi, other.hi);
    for (let i = Math.max(this.lo, other.lo); i < end; i++) mine[i]! &= ~theirs[i]!;
    return this;
  }

  isEmpty(): boolean {
    const words = this.words;
    for (let i = this.lo; i < this.hi; i++) if (words[i] !== 0) return false;
    return true;
  }

  equals(other: ActionSet): boolean {
    if (this.size !== other.size) return false;
    const end = Math.max(this.hi, other.hi);
    for (let i = Math.min(this.lo, other.lo); i < end; i++)
      if (this.words[i] !== other.words[i]) return false;
    return true;
  }

  /** True when every member of this set is in `other`. */
  isSubsetOf(other: ActionSet): boolean {
    this.check(other);
    // A plain loop: this runs for every pair of principals in escalation analysis.
    const mine = this.words;
    const theirs = other.words;
    for (let i = this.lo; i < this.hi; i++) if ((mine[i]! & ~theirs[i]!) !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    const words = this.words;
    for (let i = this.lo; i < this.hi; i++) n += popcount(words[i]!);
    return n;
  }

  /** How many of the ids in [first, end) are members: whole words at a time, as a service's range is long. */
  countRange(first: number, end: number): number {
    let n = 0;
    for (let id = first; id < end; ) {
      const i = id >>> 5;
      const bit = id & 31;
      const take = Math.min(32 - bit, end - id);
      // Bits [bit, bit + take) of word i.
      const mask = take === 32 ? 0xffffffff : ((1 << take) - 1) << bit;
      n += i >= this.lo && i < this.hi ? popcount(this.words[i]! & mask) : 0;
      id += take;
    }
    return n;
  }

  *ids(): IterableIterator<number> {
    for (let i = this.lo; i < this.hi; i++) {
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

function popcount(word: number): number {
  let w = word;
  w -= (w >>> 1) & 0x55555555;
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
