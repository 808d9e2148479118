import { formatPath, SnapshotInputError } from "./errors.js";
import { parseJsonValues } from "./json-text.js";
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot, snapshotSchema } from "./model.js";

/** The file `whittle snapshot` writes: the model itself, versioned by `schemaVersion`. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshotSchema.parse(snapshot), null, 2)}\n`;
}

export function isSerializedSnapshot(value: unknown): boolean {
  return value !== null && typeof value === "object" && "schemaVersion" in value;
}

/** Reads a file written by `whittle snapshot`; unknown fields are errors (our own format is exact). */
export function deserializeSnapshot(text: string, file?: string): Snapshot {
  const values = parseJsonValues(text, file);
  if (values.length !== 1) throw new SnapshotInputError("expected one JSON value", { ...place(file) });
  return snapshotFromValue(values[0], file);
}

export function snapshotFromValue(value: unknown, file?: string): Snapshot {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SnapshotInputError(
      `unsupported snapshot schemaVersion ${JSON.stringify(version)} (this Whittle reads ${SNAPSHOT_SCHEMA_VERSION})`,
      { ...place(file), path: "schemaVersion" },
    );
  }
  const parsed = snapshotSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new SnapshotInputError(`not a valid Whittle snapshot: ${issue.message}`, {
    ...place(file),
    path: formatPath(issue.path),
  });
}

const place = (file: string | undefined) => (file ? { file } : {});
