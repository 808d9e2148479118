import { duplicateKeys } from "../policy/duplicate-keys.js";
import { SnapshotInputError } from "./errors.js";

/**
 * Parses text holding one JSON value or several concatenated ones — what you get from
 * `aws iam get-account-authorization-details` run page by page into one file (`}{` or `}\n{`).
 * Errors name the line and column, so a truncated or hand-edited file can be fixed.
 */
export function parseJsonValues(text: string, file?: string): unknown[] {
  // Most files hold one value: parsed whole, without scanning for where values end.
  let whole: unknown[] | undefined;
  try {
    if (text.trim() !== "") whole = [JSON.parse(text)];
  } catch {
    // Several values, or invalid JSON: found and reported value by value below.
  }
  if (whole) {
    refuseRepeatedKeys(text, file, "");
    return whole;
  }
  const values: unknown[] = [];
  let offset = skipWhitespace(text, 0);
  if (offset >= text.length) throw new SnapshotInputError("the file is empty", { file, line: 1 });
  while (offset < text.length) {
    const first = text[offset];
    const end = first === "{" || first === "[" ? endOfValue(text, offset, file) : text.length;
    values.push(parseAt(text, offset, end, file));
    refuseRepeatedKeys(text.slice(offset, end), file, `value ${values.length}: `);
    offset = skipWhitespace(text, end);
  }
  return values;
}

/**
 * JSON.parse keeps the last of a key repeated in one object without a word: a file holding
 * `RoleDetailList` twice, or a role's `RolePolicyList` twice, would be audited without the first
 * one's roles or policies, an administrator among them. No AWS tool writes a key twice (the CLI
 * prints parsed documents), so the file was edited or merged by hand, and what the account holds
 * there is not known from it. Documents still given as text are strings here; they are checked,
 * with a warning, where they are decoded (document-duplicates.ts).
 */
function refuseRepeatedKeys(text: string, file: string | undefined, value: string): void {
  const [path] = duplicateKeys(text);
  if (path === undefined) return;
  throw new SnapshotInputError(
    `a key appears twice in one object, and a JSON reader keeps only the last: what the account holds there is not known from the file (no AWS tool writes a key twice; check how the file was edited or merged)`,
    { file, path: `${value}${path}` },
  );
}

function parseAt(text: string, start: number, end: number, file: string | undefined): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch (cause) {
    const message = (cause as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = start + (position ? Number(position[1]) : end - start);
    throw new SnapshotInputError(
      `invalid JSON (${message})`,
      { file, ...lineAndColumn(text, at) },
      { cause },
    );
  }
}

/** The offset just after the object or array starting at `start`, found by bracket depth. */
function endOfValue(text: string, start: number, file: string | undefined): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new SnapshotInputError("truncated JSON: the file ends before the value that starts here is closed", {
    file,
    ...lineAndColumn(text, start),
  });
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? "")) i++;
  return i;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
