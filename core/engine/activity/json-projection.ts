import { hashOf, type JsonCursor } from "./json-cursor.js";
import { StringPool } from "./string-pool.js";

/** Stores the value of kept field `index` in `target` under its name. */
export type Assign = (target: Record<string, unknown>, index: number, value: unknown) => void;

/**
 * The fields of a JSON object a reader keeps, each with its value as JSON.parse gives it, or, for
 * those with an inner projection, that projection of it when it is an object (any other value is
 * kept whole, so that type checks downstream see what the document holds). Stores go through
 * `assign`, a switch of named stores: a store by computed name would be several times slower.
 *
 * Keys are looked up in place, by a hash of their length and a few of their bytes: a key the
 * reader skips costs a table probe, and no key string is ever built.
 */
export class Projection {
  private readonly slots = new Int16Array(SLOTS).fill(-1);
  private readonly hashes = new Int32Array(SLOTS);
  private readonly byName = new Map<string, number>();
  private readonly bytes: Uint8Array[];
  readonly inner: (Projection | undefined)[];

  constructor(
    readonly names: readonly string[],
    readonly assign: Assign,
    inner: { readonly [name: string]: Projection } = {},
  ) {
    this.inner = names.map((name) => inner[name]);
    this.bytes = names.map((name) => new TextEncoder().encode(name));
    names.forEach((name, index) => {
      this.byName.set(name, index);
      const hash = hashOf(name);
      let slot = hash & (SLOTS - 1);
      while (this.slots[slot] !== -1) slot = (slot + 1) & (SLOTS - 1);
      this.slots[slot] = index;
      this.hashes[slot] = hash;
    });
  }

  /** The index of the kept field named by the cursor's text between `start` and `end` (unescaped), or -1. */
  find(cursor: JsonCursor, start: number, end: number): number {
    const hash = cursor.hash(start, end);
    for (let slot = hash & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      const index = this.slots[slot]!;
      if (index === -1) return -1;
      if (this.hashes[slot] === hash && cursor.holds(start, end, this.bytes[index]!)) return index;
    }
  }

  /** The index of a kept field by its decoded name (a key written with escapes). */
  named(name: string): number {
    return this.byName.get(name) ?? -1;
  }
}

const SLOTS = 256;

const pool = new StringPool();

/**
 * Reads the object at the cursor keeping the projection's fields, as JSON.parse would give them
 * (a repeated key keeps its first place and its last value); everything else is crossed unbuilt.
 */
export function project(cursor: JsonCursor, projection: Projection): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  const text = cursor.text;
  let c = cursor.ws(cursor.pos + 1);
  if (c !== 125) {
    for (;;) {
      if (c !== 34) cursor.fail();
      const start = cursor.pos + 1;
      const end = cursor.string();
      const index = cursor.escaped
        ? projection.named(JSON.parse(text.slice(start - 1, end + 1)))
        : projection.find(cursor, start, end);
      cursor.expect(58);
      if (index < 0) cursor.skip();
      else {
        const inner = projection.inner[index];
        projection.assign(
          target,
          index,
          inner !== undefined && cursor.at(cursor.pos) === 123 ? project(cursor, inner) : value(cursor),
        );
      }
      c = cursor.ws(cursor.pos);
      if (c === 125) break;
      if (c !== 44) cursor.fail();
      c = cursor.ws(cursor.pos + 1);
    }
  }
  cursor.pos++;
  return target;
}

/** The value at the cursor, as JSON.parse gives it. */
function value(cursor: JsonCursor): unknown {
  const start = cursor.pos;
  if (cursor.at(start) === 34) {
    const end = cursor.string();
    return cursor.escaped ? JSON.parse(cursor.text.slice(start, end + 1)) : pool.take(cursor, start + 1, end);
  }
  if (cursor.null()) return null;
  cursor.skip();
  return JSON.parse(cursor.text.slice(start, cursor.pos));
}
