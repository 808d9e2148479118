import { recordItem, warning } from "./record.js";
import { repeatsRecords } from "./repeated-records.js";
import type { ActivityItem } from "./types.js";

export { warning } from "./record.js";

/**
 * Turns the text of one file or object into records. Accepted shapes: a CloudTrail delivery file
 * `{"Records": [...]}`, LookupEvents output `{"Events": [{"CloudTrailEvent": "<json>"}]}`, an
 * array of records, one record, or JSON lines of any of these. Whatever cannot be read becomes a
 * warning naming `origin`, and reading continues. Items are appended to `into` (and returned):
 * plain array pushes, because this runs once per record of every file. V8's JSON.parse reads a
 * delivery file faster than a JavaScript reader that keeps only the fields the engine reads: one
 * was built, proven exact, and measured at 1.31× JSON.parse's time, so it is not used.
 */
export function itemsFromText(text: string, origin: string, into: ActivityItem[] = []): ActivityItem[] {
  const trimmed = text.trim();
  if (trimmed === "") {
    into.push(warning(origin, "not-cloudtrail", "empty input"));
    return into;
  }
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (cause) {
    if (!trimmed.includes("\n")) into.push(warning(origin, "malformed-json", (cause as Error).message));
    else itemsFromLines(trimmed, origin, into);
    return into;
  }
  const records = (whole as { Records?: unknown } | null)?.Records;
  if (Array.isArray(records) && repeatsRecords(trimmed, records)) {
    into.push(
      warning(
        origin,
        "malformed-json",
        "the file holds Records twice, and JSON keeps only the last list: not read, as the records of the first would be lost",
      ),
    );
    return into;
  }
  return itemsFromDocument(whole, origin, into);
}

/** JSON lines: one document per line, each read on its own so one bad line costs one line. */
export function itemsFromLines(text: string, origin: string, into: ActivityItem[] = []): ActivityItem[] {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    itemsFromLine(text.slice(start, end), `${origin}:${line}`, into);
    start = end + 1;
  }
  return into;
}

export function itemsFromLine(text: string, origin: string, into: ActivityItem[] = []): ActivityItem[] {
  const trimmed = text.trim();
  if (trimmed === "") return into;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (cause) {
    into.push(warning(origin, "malformed-json", (cause as Error).message));
    return into;
  }
  return itemsFromDocument(value, origin, into);
}

/**
 * Arrays of documents are read this deep, no deeper: V8 parses any nesting, and a file of nested
 * brackets alone (`[[[[…]]]]`, a few MB) overflowed the stack here and ended the whole audit.
 */
const MAX_ARRAY_DEPTH = 16;

export function itemsFromDocument(
  value: unknown,
  origin: string,
  into: ActivityItem[] = [],
  depth = 0,
): ActivityItem[] {
  if (Array.isArray(value)) {
    if (depth === MAX_ARRAY_DEPTH) {
      into.push(warning(origin, "not-cloudtrail", `arrays nested deeper than ${MAX_ARRAY_DEPTH}`));
      return into;
    }
    for (let i = 0; i < value.length; i++) itemsFromDocument(value[i], `${origin}[${i}]`, into, depth + 1);
    return into;
  }
  if (typeof value !== "object" || value === null) {
    into.push(warning(origin, "not-cloudtrail", "not a CloudTrail document"));
    return into;
  }
  const doc = value as Record<string, unknown>;
  if (Array.isArray(doc.Records)) {
    const records = doc.Records;
    // The origin string is built only for records that turn out bad.
    for (let i = 0; i < records.length; i++)
      into.push(recordItem(records[i], () => `${origin} Records[${i}]`));
  } else if (Array.isArray(doc.Events)) {
    const events = doc.Events;
    for (let i = 0; i < events.length; i++) into.push(lookupEvent(events[i], `${origin} Events[${i}]`));
  } else if (typeof doc.CloudTrailEvent === "string") {
    into.push(lookupEvent(doc, origin));
  } else if ("eventSource" in doc || "eventName" in doc) {
    into.push(recordItem(doc, () => origin));
  } else if ("Records" in doc) {
    const found = doc.Records === null ? "null" : typeof doc.Records;
    into.push(warning(origin, "not-cloudtrail", `its Records is ${found}, not a list of records`));
  } else {
    into.push(warning(origin, "not-cloudtrail", "no Records, Events or CloudTrail event fields"));
  }
  return into;
}

/** LookupEvents wraps each record as a JSON string in `CloudTrailEvent`. */
function lookupEvent(value: unknown, origin: string): ActivityItem {
  const text = (value as { CloudTrailEvent?: unknown } | null)?.CloudTrailEvent;
  if (typeof text !== "string") return warning(origin, "invalid-record", "event lacks CloudTrailEvent");
  try {
    return recordItem(JSON.parse(text), () => origin);
  } catch (cause) {
    return warning(origin, "malformed-json", `CloudTrailEvent: ${(cause as Error).message}`);
  }
}
