/**
 * The keys that appear twice in one object of a JSON text, as paths (`Statement[0].Condition.
 * StringEquals.aws:SourceVpc`). JSON.parse keeps the last of them without a word, and IAM's own
 * reading of such a document is not documented (its troubleshooting page calls two Statement
 * elements an error: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html),
 * so the audit may weigh a different statement, condition or effect than IAM does. Expects text
 * JSON.parse has read; keys are compared decoded (`"\u0053tatement"` is `Statement`).
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
        } else if (d === QUOTE) break;
        else j++;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key)) found.push(pathOf(stack, `.${key}`));
        else top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const parent = stack[stack.length - 1];
      const segment = parent === undefined ? "" : parent.keys ? `.${parent.key}` : `[${parent.index}]`;
      stack.push({
        segment,
        expectKey: true,
        key: "",
        index: 0,
        ...(c === OPEN_OBJECT ? { keys: new Set() } : {}),
      });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) stack.pop();
    else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return found;
}

interface Frame {
  /** How the parent names this object or array: `.Key` or `[n]`. */
  segment: string;
  /** An object's keys so far; absent for an array. */
  keys?: Set<string>;
  expectKey: boolean;
  key: string;
  index: number;
}

function pathOf(stack: Frame[], last: string): string {
  return (stack.map((f) => f.segment).join("") + last).replace(/^\./, "");
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
