import type { JsonCursor } from "./json-cursor.js";
import { readValue } from "./json-value.js";

/** Stores the value of kept field `index` in `target` under its name. */
export type Assign = (target: Record<string, unknown>, index: number, value: unknown) => void;

/**
 * The fields of a JSON object a reader keeps, each with its value as JSON.parse gives it, or, for
 * those with an inner projection, that projection of it when it is an object (any other value is
 * kept whole, so that type checks downstream see what the document holds). Stores go through
 * `assign`, a switch of named stores: a store by computed name would be several times slower.
 *
 * Keys are matched in place, by their length and then their bytes: no key string is built.
 */
export class Projection {
  /** Per key length, the kept fields of that length: a key is matched by its length, then its bytes. */
  private readonly byLength: number[][] = [];
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
      for (let len = this.byLength.length; len <= name.length; len++) this.byLength.push([]);
      this.byLength[name.length]!.push(index);
    });
  }

  /** The index of the kept field named by the cursor's text between `start` and `end` (unescaped), or -1. */
  find(cursor: JsonCursor, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    for (let i = 0; i < candidates.length; i++) {
      const index = candidates[i]!;
      if (cursor.holds(start, end, this.bytes[index]!)) return index;
    }
    return -1;
  }
  /** The index of a kept field by its decoded name (a key written with escapes). */
  named(name: string): number {
    return this.byName.get(name) ?? -1;
  }
}

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
          inner !== undefined && cursor.at(cursor.pos) === 123 ? project(cursor, inner) : readValue(cursor),
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
