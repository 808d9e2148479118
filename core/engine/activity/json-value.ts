import type { JsonCursor } from "./json-cursor.js";
import { StringPool } from "./string-pool.js";

const pool = new StringPool();

/**
 * Builds the value at the cursor exactly as JSON.parse would: a repeated key keeps its first place
 * and its last value, `__proto__` is an own property, numbers are read from their text. Called
 * once per kept value, this costs a fraction of a JSON.parse call on the value's text, whose fixed
 * cost alone is several times that of building a small object.
 */
export function readValue(cursor: JsonCursor): unknown {
  const start = cursor.pos;
  switch (cursor.at(start)) {
    case 34: {
      const end = cursor.string();
      return cursor.escaped
        ? JSON.parse(cursor.text.slice(start, end + 1))
        : pool.take(cursor, start + 1, end);
    }
    case 123:
      return readObject(cursor);
    case 91:
      return readArray(cursor);
    case 116:
    case 102:
    case 110: {
      cursor.skip();
      const c = cursor.at(start);
      return c === 110 ? null : c === 116;
    }
    default:
      return readNumber(cursor, start);
  }
}

function readObject(cursor: JsonCursor): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  let c = cursor.ws(cursor.pos + 1);
  if (c !== 125) {
    for (;;) {
      if (c !== 34) cursor.fail();
      const key = readValue(cursor) as string;
      cursor.expect(58);
      const value = readValue(cursor);
      if (key === "__proto__")
        Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      else target[key] = value;
      c = cursor.ws(cursor.pos);
      if (c === 125) break;
      if (c !== 44) cursor.fail();
      c = cursor.ws(cursor.pos + 1);
    }
  }
  cursor.pos++;
  return target;
}

function readArray(cursor: JsonCursor): unknown[] {
  const items: unknown[] = [];
  let c = cursor.ws(cursor.pos + 1);
  if (c !== 93) {
    for (;;) {
      items.push(readValue(cursor));
      c = cursor.ws(cursor.pos);
      if (c === 93) break;
      if (c !== 44) cursor.fail();
      cursor.ws(cursor.pos + 1);
    }
  }
  cursor.pos++;
  return items;
}

/** Integers of up to 15 digits are summed exactly; any other number is read by Number, as JSON.parse reads it. */
function readNumber(cursor: JsonCursor, start: number): number {
  cursor.skip();
  const end = cursor.pos;
  const negative = cursor.at(start) === 45;
  let p = negative ? start + 1 : start;
  if (end - p > 15) return Number(cursor.text.slice(start, end));
  let n = 0;
  for (; p < end; p++) {
    const d = cursor.at(p) - 48;
    if (d < 0 || d > 9) return Number(cursor.text.slice(start, end));
    n = n * 10 + d;
  }
  return negative ? -n : n;
}
