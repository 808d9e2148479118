import { type Command, Option } from "commander";
import type { ActivityOptions } from "./activity-options.js";
import type { RunOptions } from "./audit-options.js";
import type { SourceOptions } from "./source-options.js";
import { UsageError } from "./usage-error.js";

export interface OrgOptions {
  org?: boolean;
  memberRole?: string;
}

/** The member role's default name: the one stacks/member-role.template.json creates. */
export const DEFAULT_MEMBER_ROLE = "WhittleAuditReadOnly";

export function addOrgOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--org",
        "audit every account of the organization (run from the management or delegated administrator account); needs --out",
      ),
    )
    .addOption(
      new Option(
        "--member-role <name>",
        `with --org: the role assumed in each member account (default ${DEFAULT_MEMBER_ROLE})`,
      ),
    );
}

/** --org reads live accounts and writes one directory per account: offline input and a missing --out are errors. */
export function checkOrgOptions(
  options: SourceOptions & ActivityOptions & RunOptions & OrgOptions,
): RunOptions & ActivityOptions & { memberRole: string; out: string } {
  if (!options.org) throw new UsageError("--member-role goes with --org");
  if (!options.out) throw new UsageError("--org writes one report per account: give --out DIR");
  for (const [flag, value] of [
    ["--snapshot", options.snapshot],
    ["--credential-report", options.credentialReport],
    ["--last-accessed", options.lastAccessed],
  ] as const) {
    if (value)
      throw new UsageError(`${flag} is offline input for one account; --org reads every account live`);
  }
  if (options.endpointUrl && !URL.canParse(options.endpointUrl))
    throw new UsageError(`--endpoint-url is not a URL: ${options.endpointUrl}`);
  const memberRole = options.memberRole ?? DEFAULT_MEMBER_ROLE;
  if (!/^[\w+=,.@-]{1,64}$/.test(memberRole))
    throw new UsageError(`--member-role must be an IAM role name, not ${JSON.stringify(memberRole)}`);
  return { ...options, memberRole, out: options.out };
}
