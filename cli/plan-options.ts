import { type Command, Option } from "commander";

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
