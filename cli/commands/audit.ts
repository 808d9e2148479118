import type { Command } from "commander";
import { type ActivityOptions, addActivityOptions } from "../activity-options.js";
import { addRunOptions, parseNow, type RunOptions } from "../audit-options.js";
import { addOrgOptions, checkOrgOptions, type OrgOptions } from "../org-options.js";
import { addSourceOptions, type SourceOptions } from "../source-options.js";
import { COMMANDS } from "./index.js";

const EXAMPLES = `
Examples:
  whittle audit --cloudtrail-s3 s3://org-trail-logs --out ./report          live account, trail bucket
  whittle audit --profile audit --lookup-events --fail-on high             CI gate on high findings
  whittle audit --org --member-role WhittleAuditReadOnly --out ./org        every account of the organization
  whittle audit --snapshot gaad.json --credential-report report.csv \\
                --cloudtrail ./logs --now 2026-11-22T00:00:00Z --out ./report offline, reproducible

Exit codes: 0 done, 3 --fail-on met, 2 usage or input error, 1 runtime failure (with --org: an
account could not be audited; the rollup says which and why).`;

export function registerAudit(program: Command): void {
  const command = program.command("audit").description(COMMANDS.audit.description);
  addSourceOptions(command);
  addActivityOptions(command);
  addRunOptions(command);
  addOrgOptions(command);
  command
    .addHelpText("after", EXAMPLES)
    .action(async (options: SourceOptions & ActivityOptions & RunOptions & OrgOptions) => {
      const connection = {
        ...(options.profile ? { profile: options.profile } : {}),
        ...(options.region ? { region: options.region } : {}),
        ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
      };
      if (options.org || options.memberRole) {
        const org = checkOrgOptions(options);
        (await import("../activity-sources.js")).checkActivityOptions(options);
        // Every account reads the same files: one missing or malformed is the user's input error, found
        // before any account is read rather than as each account's failure.
        if (options.eventSelectors?.length) {
          const { readEventSelectorsFiles } = await import("../../core/node/event-selectors-files.js");
          await readEventSelectorsFiles(options.eventSelectors);
        }
        const { runOrgAuditCommand } = await import("../run-org-audit.js");
        process.exitCode = await runOrgAuditCommand(org, connection, parseNow(options.now));
        return;
      }
      // Loaded on use, as every adapter and the audit pipeline: printing help needs none of them.
      const { activitySourcesFrom, trailLoggingFrom } = await import("../activity-sources.js");
      const { snapshotSourceFrom } = await import("../snapshot-source.js");
      const activity = await activitySourcesFrom(options, connection);
      const now = parseNow(options.now);
      const awsActivity = Boolean(
        options.cloudtrailS3?.length || options.lookupEvents || options.athenaTable,
      );
      const snapshot = await snapshotSourceFrom(options, {}, options.now ? now : undefined, awsActivity);
      const { runAuditCommand } = await import("../run-audit.js");
      const logging = await trailLoggingFrom(options, connection);
      process.exitCode = await runAuditCommand(
        { snapshot, activity, ...(logging ? { logging } : {}) },
        options,
        now,
      );
    });
}
