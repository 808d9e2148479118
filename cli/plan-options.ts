import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { type AwsClients, createClients } from "../core/aws/clients.js";
import { S3BackupStore } from "../core/aws/s3-backup-store.js";
import type { BackupStore } from "../core/engine/plans/change.js";
import { reportSchema } from "../core/engine/report/schema.js";
import { LocalBackupStore } from "../core/node/backup-files.js";
import { UsageError } from "./errors.js";

/** The live source options and --backup, shared by `whittle apply` and `whittle rollback`. */
export interface ChangeOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  backup: string;
}

export const DEFAULT_BACKUP_DIR = "whittle-changes";

export function addChangeOptions(command: Command): Command {
  return command
    .addOption(new Option("--profile <name>", "AWS profile from the shared config/credentials files"))
    .addOption(new Option("--region <region>", "AWS region for the API calls (IAM is global)"))
    .addOption(
      new Option("--endpoint-url <url>", "one endpoint for every AWS service, e.g. a local emulator"),
    )
    .addOption(
      new Option("--backup <dir|s3://bucket/prefix>", "where change records are kept").default(
        DEFAULT_BACKUP_DIR,
      ),
    );
}

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
  return options.backup.startsWith("s3://")
    ? new S3BackupStore(clients.s3, options.backup)
    : new LocalBackupStore(options.backup);
}

/** report.json as `whittle audit` wrote it; a file that is not one is the user's input error. */
export async function readReport(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --report ${file}: ${(error as Error).message}`);
  }
  const parsed = reportSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new UsageError(`${file} is not a Whittle report.json: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
