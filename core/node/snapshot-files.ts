import { stat } from "node:fs/promises";
import { toIsoDate } from "../engine/snapshot/dates.js";
import { SnapshotInputError } from "../engine/snapshot/errors.js";
import type { Snapshot } from "../engine/snapshot/model.js";
import { readOfflineSnapshot } from "../engine/snapshot/offline.js";
import type { SnapshotSource } from "../engine/snapshot/source.js";
import { readTextFile, refuseInvalidUtf8 } from "./text-file.js";

export interface SnapshotFiles {
  /** GetAccountAuthorizationDetails JSON or a `whittle snapshot` file. */
  snapshot: string;
  /** Credential report: the CSV, or GetCredentialReport's JSON (Content in base64 or plain). */
  credentialReport?: string;
  /** JSON mapping principal ARNs to GetServiceLastAccessedDetails responses. */
  lastAccessed?: string;
  /**
   * "As of" for a GAAD when the caller fixes it (`--now`), so that runs are reproducible. A credential
   * report's own generation time comes first: its last-used data says nothing after it.
   */
  collectedAt?: Date;
}

/** Reads the offline files and builds the snapshot; unreadable or malformed files are SnapshotInputErrors. */
export async function readSnapshotFiles(files: SnapshotFiles): Promise<Snapshot> {
  const snapshotText = await readText(files.snapshot);
  const report = files.credentialReport
    ? credentialReportCsv(await readText(files.credentialReport), files.credentialReport)
    : undefined;
  const lastAccessedText = files.lastAccessed ? await readText(files.lastAccessed) : undefined;
  // A GAAD carries no date: the report's generation time is the best "as of" (an audit later than
  // it must not read its last-used data as reaching the audit), else the run's, else the file's.
  // A plain CSV names no generation time, but it was written no later than its file: an older
  // report read beside a newer GAAD says nothing of the keys' use after it.
  let collectedAt = report?.generatedAt ?? files.collectedAt ?? (await stat(files.snapshot)).mtime;
  if (report && !report.generatedAt) {
    const written = (await stat(files.credentialReport!)).mtime;
    if (written < collectedAt) collectedAt = written;
  }
  return readOfflineSnapshot({
    snapshot: { file: files.snapshot, text: snapshotText },
    collectedAt,
    ...(report ? { credentialReport: { file: files.credentialReport!, text: report.csv } } : {}),
    ...(lastAccessedText ? { lastAccessed: { file: files.lastAccessed!, text: lastAccessedText } } : {}),
  });
}

async function readText(path: string): Promise<string> {
  try {
    return await readTextFile(path);
  } catch (cause) {
    throw new SnapshotInputError(
      `cannot read the file (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      { file: path },
      { cause },
    );
  }
}

/**
 * `aws iam get-credential-report` prints `{"Content": "<base64 CSV>", "GeneratedTime": ...}`; some
 * tools (CloudMapper's demo) save Content as plain CSV; people also save the CSV itself.
 */
export function credentialReportCsv(text: string, file: string): { csv: string; generatedAt?: Date } {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return { csv: text };
  let response: { Content?: unknown; GeneratedTime?: unknown };
  try {
    response = JSON.parse(trimmed);
  } catch (cause) {
    throw new SnapshotInputError(`not valid JSON (${(cause as Error).message})`, { file }, { cause });
  }
  if (typeof response?.Content !== "string") {
    throw new SnapshotInputError("a GetCredentialReport response needs a string Content", {
      file,
      path: "Content",
    });
  }
  const generated = toIsoDate(response.GeneratedTime);
  const content = response.Content;
  const csv = /^\s*user,/.test(content) ? content : base64Text(content, file);
  if (!/^\s*user,/.test(csv)) {
    throw new SnapshotInputError("Content is neither CSV nor base64-encoded CSV", { file, path: "Content" });
  }
  return { csv, ...(generated ? { generatedAt: new Date(generated) } : {}) };
}

/**
 * Content's base64, decoded as UTF-8 strictly, as the file around it is: leniently, bytes that are
 * not UTF-8 each became U+FFFD and a user's row named another user.
 */
function base64Text(content: string, file: string): string {
  const bytes = Buffer.from(content, "base64");
  try {
    refuseInvalidUtf8(bytes, 0, "its base64, decoded,");
  } catch (cause) {
    throw new SnapshotInputError((cause as Error).message, { file, path: "Content" }, { cause });
  }
  return bytes.toString("utf8");
}

/** The offline snapshot source: saved files read from disk. */
export class FileSnapshotSource implements SnapshotSource {
  readonly description: string;

  constructor(private readonly files: SnapshotFiles) {
    this.description = [files.snapshot, files.credentialReport, files.lastAccessed]
      .filter(Boolean)
      .join(" + ");
  }

  load(): Promise<Snapshot> {
    return readSnapshotFiles(this.files);
  }
}
