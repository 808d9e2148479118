/**
 * Input that cannot be read as an account snapshot. Names the file (when the caller knows it) and
 * the place: a JSON path such as `RoleDetailList[3].AssumeRolePolicyDocument`, or a line (and
 * column) of the text.
 */
export class SnapshotInputError extends Error {
  override readonly name = "SnapshotInputError";
  readonly file: string | undefined;
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    problem: string,
    where: { file?: string; path?: string; line?: number; column?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`${describePlace(where)}${problem}`, options);
    this.file = where.file;
    this.path = where.path;
    this.line = where.line;
    this.column = where.column;
  }
}

function describePlace(where: { file?: string; path?: string; line?: number; column?: number }): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.line !== undefined)
    parts.push(`line ${where.line}${where.column ? `, column ${where.column}` : ""}`);
  if (where.path) parts.push(`at ${where.path}`);
  return parts.length ? `${parts.join(", ")}: ` : "";
}

/** A zod issue path as a reader would write it: `RoleDetailList[3].RoleName`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(top level)";
}
