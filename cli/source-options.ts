import { type Command, Option } from "commander";

/** The source options of the CLI contract, shared by `whittle snapshot` and `whittle audit`. */
export interface SourceOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  snapshot?: string;
  credentialReport?: string;
  lastAccessed?: string;
}

export function addSourceOptions(command: Command): Command {
  return command
    .addOption(new Option("--profile <name>", "live: AWS profile from the shared config/credentials files"))
    .addOption(new Option("--region <region>", "live: AWS region for the API calls (IAM is global)"))
    .addOption(
      new Option("--endpoint-url <url>", "live: one endpoint for every AWS service, e.g. a local emulator"),
    )
    .addOption(
      new Option(
        "--snapshot <file>",
        "offline: a GetAccountAuthorizationDetails JSON (AWS CLI output, pages may be concatenated) or a file written by `whittle snapshot`",
      ),
    )
    .addOption(
      new Option(
        "--credential-report <file>",
        "offline: the credential report, as CSV or as `aws iam get-credential-report` JSON",
      ),
    )
    .addOption(
      new Option(
        "--last-accessed <file>",
        "offline: JSON mapping principal ARNs to GetServiceLastAccessedDetails responses",
      ),
    );
}
