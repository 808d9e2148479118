import { duplicateKeys } from "../policy/duplicate-keys.js";

const KEY = '"Records"';

/**
 * Whether a delivery file's text holds its top-level `Records` key twice: JSON.parse keeps the last
 * list without a word, so the records of the first would be lost (CloudTrail writes one). Asked
 * once per file: the kept list's first eventID is found near the start when that list is the
 * first, and only a `"Records"` before it sends the text to the whole scan. A key spelled with
 * escapes (`"\u0052ecords"`) is not looked for.
 */
export function repeatsRecords(text: string, kept: readonly unknown[]): boolean {
  const key = text.indexOf(KEY);
  if (key === -1) return false;
  const id = (kept[0] as { eventID?: unknown } | null | undefined)?.eventID;
  const at = typeof id === "string" && id !== "" ? text.indexOf(JSON.stringify(id)) : -1;
  if (text.lastIndexOf(KEY, at === -1 ? text.length : at) === key) return false;
  return duplicateKeys(text).includes("Records");
}
