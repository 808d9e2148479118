import { type AwsClients, createClients } from "../core/aws/clients.js";
import { S3BackupStore } from "../core/aws/s3-backup-store.js";
import type { BackupStore } from "../core/engine/plans/change.js";
import { REPORT_SCHEMA_VERSION, reportSchema } from "../core/engine/report/schema.js";
import { LocalBackupStore } from "../core/node/backup-files.js";
import { readTextFile } from "../core/node/text-file.js";
import type { ChangeOptions } from "./plan-options.js";
import { parseS3Url } from "./s3-url.js";
import { UsageError } from "./usage-error.js";

export function changeClients(options: ChangeOptions): AwsClients {
  if (options.endpointUrl && !URL.canParse(options.endpointUrl))
    throw new UsageError(`--endpoint-url is not a URL: ${options.endpointUrl}`);
  return createClients({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
}

export function backupStore(options: ChangeOptions, clients: AwsClients): BackupStore {
  // `s3:/x` or `s3://Bad_Bucket` is a mistyped bucket, not a local folder or a failure of the run.
  if (!/^s3:/i.test(options.backup)) return new LocalBackupStore(options.backup);
  parseS3Url(options.backup, "--backup");
  return new S3BackupStore(clients.s3, options.backup);
}

/** report.json as `whittle audit` wrote it; a file that is not one is the user's input error. */
export async function readReport(file: string) {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    throw new UsageError(`cannot read --report ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A report cut short by a full disk or an interrupted copy is the user's file to fix, not a failure of the run.
    throw new UsageError(
      `${file} is not a Whittle report.json: not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(
      `${file} is not a Whittle report.json: ${reportProblem(value, parsed.error.issues[0])}`,
    );
  return parsed.data;
}

/**
 * What is wrong with a JSON value that is no report, in one line: a missing or other schemaVersion
 * first (zod alone says only "expected 1"), otherwise the first problem with the field it is at.
 */
function reportProblem(value: unknown, issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const version = (value as { schemaVersion?: unknown }).schemaVersion;
    if (version === undefined)
      return `it has no schemaVersion (this whittle reads schemaVersion ${REPORT_SCHEMA_VERSION})`;
    if (version !== REPORT_SCHEMA_VERSION)
      return `schemaVersion ${JSON.stringify(version)} is not one this whittle reads (${REPORT_SCHEMA_VERSION})`;
  }
  if (!issue) return "invalid";
  return issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}
