/**
 * A set of catalog actions as a bitset over action ids. Union, intersection and difference of
 * thousands of policies' grants are word-wise operations on ~700 words. Most sets name a handful
 * of actions of one or two services, so a set stores only the run of words its members span:
 * every operation walks only that run, and a small run stays on the JS heap (V8 keeps typed
 * arrays of up to 64 bytes there), far cheaper to allocate and collect than a buffer of its own.
 */
export class ActionSet {
  readonly size: number;
  /** Words [base, base + words.length) of the bitset; every word outside the run is zero. */
  private words: Uint32Array;
  private base: number;

  private constructor(size: number, words: Uint32Array, base: number) {
    this.size = size;
    this.words = words;
    this.base = base;
  }

  static empty(size: number): ActionSet {
    return new ActionSet(size, NO_WORDS, 0);
  }

  static full(size: number): ActionSet {
    const set = new ActionSet(size, new Uint32Array(wordCount(size)).fill(0xffffffff), 0);
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

  /**
   * Rebuilds a set another thread sent as `toData()`, taking its words as they are: a bit past
   * `size` would be a member no id names, so data reaching past the catalog is refused.
   */
  static fromData({ size, base, words }: ActionSetData): ActionSet {
    const end = base + words.length;
    const tail = end * 32 - size;
    if (
      !(words instanceof Uint32Array) ||
      !Number.isInteger(base) ||
      base < 0 ||
      end > wordCount(size) ||
      (words.length > 0 && tail > 0 && words[words.length - 1]! >>> (32 - tail) !== 0)
    )
      throw new RangeError("action set data outside its catalog");
    return new ActionSet(size, words.length > 0 ? words : NO_WORDS, base);
  }

  /** The set as plain data, its run of words only: an admin's removals fit in about 2.7 KB. */
  toData(): ActionSetData {
    return { size: this.size, base: this.base, words: this.words.slice() };
  }

  clone(): ActionSet {
    return new ActionSet(this.size, this.words.length > 0 ? this.words.slice() : NO_WORDS, this.base);
  }

  add(id: number): void {
    const w = id >>> 5;
    if (w < this.base || w >= this.base + this.words.length) this.cover(w, w + 1);
    this.words[w - this.base]! |= 1 << (id & 31);
  }

  has(id: number): boolean {
    const i = (id >>> 5) - this.base;
    return (
      id >= 0 &&
      id < this.size &&
      i >= 0 &&
      i < this.words.length &&
      (this.words[i]! & (1 << (id & 31))) !== 0
    );
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
    const words = new Uint32Array(wordCount(this.size));
    for (let i = 0; i < words.length; i++) words[i] = ~this.word(i);
    const out = new ActionSet(this.size, words, 0);
    out.clearTail();
    return out;
  }

  unionInPlace(other: ActionSet): this {
    this.check(other);
    const theirs = other.words;
    if (theirs.length === 0) return this;
    this.cover(other.base, other.base + theirs.length);
    const mine = this.words;
    const offset = other.base - this.base;
    for (let i = 0; i < theirs.length; i++) mine[offset + i]! |= theirs[i]!;
    return this;
  }

  intersectInPlace(other: ActionSet): this {
    this.check(other);
    const mine = this.words;
    const theirs = other.words;
    // Words of ours outside `other`'s run meet its zeros.
    const offset = this.base - other.base;
    for (let i = 0; i < mine.length; i++) {
      const j = offset + i;
      mine[i]! &= j >= 0 && j < theirs.length ? theirs[j]! : 0;
    }
    return this;
  }

  minusInPlace(other: ActionSet): this {
    this.check(other);
    const mine = this.words;
    const theirs = other.words;
    const start = Math.max(this.base, other.base);
    const end = Math.min(this.base + mine.length, other.base + theirs.length);
    for (let w = start; w < end; w++) mine[w - this.base]! &= ~theirs[w - other.base]!;
    return this;
  }

  isEmpty(): boolean {
    const words = this.words;
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }

  equals(other: ActionSet): boolean {
    if (this.size !== other.size) return false;
    const start = Math.min(this.base, other.base);
    const end = Math.max(this.base + this.words.length, other.base + other.words.length);
    for (let w = start; w < end; w++) if (this.word(w) !== other.word(w)) return false;
    return true;
  }

  /** True when every member of this set is in `other`. */
  isSubsetOf(other: ActionSet): boolean {
    this.check(other);
    // A plain loop: this runs for every pair of principals in escalation analysis.
    const mine = this.words;
    const theirs = other.words;
    const offset = this.base - other.base;
    for (let i = 0; i < mine.length; i++) {
      const j = offset + i;
      if ((mine[i]! & ~(j >= 0 && j < theirs.length ? theirs[j]! : 0)) !== 0) return false;
    }
    return true;
  }

  count(): number {
    let n = 0;
    const words = this.words;
    for (let i = 0; i < words.length; i++) n += popcount(words[i]!);
    return n;
  }

  /** How many of the ids in [first, end) are members: whole words at a time, as a service's range is long. */
  countRange(first: number, end: number): number {
    let n = 0;
    for (let id = first; id < end; ) {
      const bit = id & 31;
      const take = Math.min(32 - bit, end - id);
      // Bits [bit, bit + take) of the word.
      const mask = take === 32 ? 0xffffffff : ((1 << take) - 1) << bit;
      n += popcount(this.word(id >>> 5) & mask);
      id += take;
    }
    return n;
  }

  /**
   * The members in ascending order. Listed first, then iterated: a generator would allocate a
   * result object per member, and the loops over a proof's sets run for every principal.
   */
  ids(): IterableIterator<number> {
    return this.idList().values();
  }

  /** The members in ascending order, as a list of their own. */
  idList(): number[] {
    const out: number[] = [];
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      let w = words[i]!;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        out.push(((this.base + i) << 5) + bit);
        w &= w - 1;
      }
    }
    return out;
  }

  /**
   * Writes `names[id]` for each member in [first, end), in order, into `out` from index `at`, a
   * word at a time; returns the index after the last written. Listing a removal set names most of
   * the catalog this way.
   */
  namesInRange(first: number, end: number, names: readonly string[], out: string[], at: number): number {
    let k = at;
    for (let w = first >>> 5; w << 5 < end; w++) {
      let bits = this.word(w);
      const low = w << 5;
      if (low < first) bits &= ~((1 << (first - low)) - 1);
      if (end - low < 32) bits &= (1 << (end - low)) - 1;
      while (bits !== 0) {
        out[k++] = names[low + 31 - Math.clz32(bits & -bits)]!;
        bits &= bits - 1;
      }
    }
    return k;
  }

  /** Word `w` of the whole bitset. */
  private word(w: number): number {
    const i = w - this.base;
    return i >= 0 && i < this.words.length ? this.words[i]! : 0;
  }

  /**
   * Widens the run to hold words [from, to). It grows by at least its own length toward the side
   * it grows on, so ids added in order copy it a logarithmic number of times.
   */
  private cover(from: number, to: number): void {
    const length = this.words.length;
    const start = this.base;
    const end = start + length;
    if (length > 0 && from >= start && to <= end) return;
    let lo = length === 0 ? from : Math.min(start, from);
    let hi = length === 0 ? to : Math.max(end, to);
    if (length > 0 && hi > end) hi = Math.min(wordCount(this.size), Math.max(hi, end + length));
    if (length > 0 && lo < start) lo = Math.max(0, Math.min(lo, start - length));
    const words = new Uint32Array(hi - lo);
    if (length > 0) words.set(this.words, start - lo);
    this.words = words;
    this.base = lo;
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0) this.words[this.words.length - 1]! &= 0xffffffff >>> extra;
  }

  private check(other: ActionSet): void {
    if (other.size !== this.size) throw new RangeError("action sets from different catalogs");
  }
}

/** An action set as another thread receives it (structured clone keeps no class). */
export interface ActionSetData {
  size: number;
  base: number;
  words: Uint32Array;
}

/** Shared by every empty set: it has no word to write, and a set that grows gets words of its own. */
const NO_WORDS = new Uint32Array(0);

const wordCount = (size: number) => (size + 31) >>> 5;

function popcount(word: number): number {
  let w = word;
  w -= (w >>> 1) & 0x55555555;
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
