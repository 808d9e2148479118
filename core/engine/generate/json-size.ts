/** IAM counts a policy's size in characters excluding whitespace, which JSON text holds only inside strings. */
export const textSize = (json: string) => (/\s/.test(json) ? json.replace(/\s/g, "").length : json.length);

/** Printable ASCII but space, `"` and `\`: JSON writes such a string as it is, between two quotes. */
const PLAIN = /^[!#-[\]-~]*$/;

const stringSize = (s: string) => (PLAIN.test(s) ? s.length + 2 : textSize(JSON.stringify(s)));

/**
 * `textSize(JSON.stringify(value))` for the strings, string lists and objects of them a generated
 * statement is made of, counted without writing the text: every statement is measured to pack
 * documents, most of them several times over. Anything else is measured from its text.
 */
export function jsonSize(value: unknown): number {
  if (typeof value === "string") return stringSize(value);
  if (Array.isArray(value)) {
    let size = value.length > 1 ? value.length + 1 : 2;
    for (const item of value) {
      if (typeof item !== "string") return textSize(JSON.stringify(value));
      size += stringSize(item);
    }
    return size;
  }
  if (
    typeof value !== "object" ||
    value === null ||
    Object.getPrototypeOf(value) !== Object.prototype ||
    "toJSON" in value
  )
    return textSize(JSON.stringify(value));
  let size = 2;
  let fields = 0;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    // JSON leaves these fields out.
    if (field === undefined || typeof field === "function" || typeof field === "symbol") continue;
    size += stringSize(key) + 1 + jsonSize(field);
    fields++;
  }
  return size + (fields > 1 ? fields - 1 : 0);
}
