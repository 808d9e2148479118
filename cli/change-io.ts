import { type AwsClients, createClients } from "../core/aws/clients.js";
import { S3BackupStore } from "../core/aws/s3-backup-store.js";
import type { BackupStore } from "../core/engine/plans/change.js";
import { reportSchema } from "../core/engine/report/schema.js";
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
    throw new UsageError(`${file} is not a Whittle report.json: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
