const texts = new WeakMap<object, string>();

/**
 * A policy document's JSON text, the key that finds documents copied between policies. Remembered
 * per document object, since several steps of an audit (compiling permissions, linting) key on it
 * and a large account holds tens of thousands of documents. Documents are read-only once decoded.
 */
export function documentText(document: unknown): string {
  if (document === null || typeof document !== "object") return JSON.stringify(document) ?? "";
  let text = texts.get(document);
  if (text === undefined) {
    text = JSON.stringify(document) ?? "";
    texts.set(document, text);
  }
  return text;
}
