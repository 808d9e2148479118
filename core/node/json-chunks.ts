/**
 * `JSON.stringify(value)` as a sequence of pieces whose concatenation is exactly that text: the
 * top-level object's members and its arrays' elements one by one, so that a report of a large
 * account is written without ever holding its whole text (hundreds of MB) in memory.
 */
export function* jsonChunks(value: unknown, depth = 2): Generator<string> {
  if (depth === 0 || !(Array.isArray(value) || isPlainObject(value))) {
    // What stringifies to nothing (undefined, a function) is null in an array, the only place it reaches here.
    yield JSON.stringify(value) ?? "null";
    return;
  }
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      yield* jsonChunks(value[i], depth - 1);
    }
    yield "]";
    return;
  }
  yield "{";
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    yield `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonChunks(member, depth - 1);
  }
  yield "}";
}

/** Objects split into members; any other (a Date, a boxed value, toJSON) is left to JSON.stringify whole. */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== "function"
  );
}
