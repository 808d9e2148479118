import type { JsonCursor } from "./json-cursor.js";

/**
 * Strings read from documents, pooled by hash in a fixed table: a value repeated across records
 * (event sources and names, regions, accounts, role ARNs) is built once and then found by
 * comparing bytes, and no kept value is a slice of its document, which would keep the whole
 * document alive with it. Each slot keeps the bytes of its string to compare with.
 */
export class StringPool {
  private readonly strings: string[] = new Array<string>(SLOTS).fill("");
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly bytes = new Uint8Array(SLOTS * WIDTH);
  /** Found since it last kept its place: a string met once does not evict one met again and again. */
  private readonly hit = new Uint8Array(SLOTS);

  /** The text between `start` and `end` of the cursor's document, a string without escapes. */
  take(cursor: JsonCursor, start: number, end: number): string {
    const length = end - start;
    // A slice this short is a copy already, and cheaper than a lookup.
    if (length < 13) return cursor.text.slice(start, end);
    if (length > WIDTH) return copy(cursor.text, start, end);
    const slot = cursor.hash(start, end) >>> (32 - BITS);
    const b = cursor.view;
    const at = slot * WIDTH;
    const pool = this.bytes;
    if (this.lengths[slot] === length) {
      let i = 0;
      while (i < length && pool[at + i] === b[start + i]) i++;
      if (i === length) {
        this.hit[slot] = 1;
        return this.strings[slot]!;
      }
    }
    const fresh = copy(cursor.text, start, end);
    if (this.hit[slot] === 1) {
      this.hit[slot] = 0;
      return fresh;
    }
    for (let i = 0; i < length; i++) pool[at + i] = b[start + i]!;
    this.lengths[slot] = length;
    this.strings[slot] = fresh;
    return fresh;
  }
}

const BITS = 12;
const SLOTS = 1 << BITS;
/** Longer strings (rarely repeated: object keys, session ARNs) are copied each time. */
const WIDTH = 64;

/**
 * A slice of 13 characters or more shares the document's memory; joining two slices builds a
 * string of its own, in less time than JSON.parse would.
 */
function copy(text: string, start: number, end: number): string {
  return [text.slice(start, start + 1), text.slice(start + 1, end)].join("");
}
