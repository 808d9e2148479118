import type { Command } from "commander";
import { addChangeOptions, type ChangeOptions } from "../plan-options.js";
import { UsageError } from "../usage-error.js";
import { COMMANDS } from "./index.js";

const EXAMPLES = `
Examples:
  whittle apply plan-1a2b3c4d5e6f --report report/report.json           dry run: prints the plan
  whittle apply plan-1a2b3c4d5e6f --report report/report.json --yes \\
                --backup s3://security-changes/whittle                     apply, backup in S3

Needs iam:Get*, iam:List*, iam:CreatePolicy, iam:CreatePolicyVersion, iam:Attach*Policy,
iam:Detach*Policy, iam:Delete*Policy, iam:Put*Policy, iam:SetDefaultPolicyVersion,
iam:DeletePolicyVersion. Exit codes: 0 done (or dry run), 4 refused, changing nothing: the
account changed since the audit, another apply of the plan began in the same second, or another
apply or rollback of the plan running (the message names it and when its lease expires), 2 usage
or input error, 1 failure (what was done is rolled back).`;

/** `whittle apply`: a plan from report.json, applied with a backup and verified, or only shown. */
export function registerApply(program: Command): void {
  addChangeOptions(
    program
      .command("apply")
      .description(COMMANDS.apply.description)
      .argument("<plan-id>", "the plan's id, as report.json and report.md show it")
      .requiredOption("--report <file>", "the report.json the plan comes from")
      .option("--yes", "make the change (otherwise only print it)"),
  )
    .addHelpText("after", EXAMPLES)
    .action(async (planId: string, options: ChangeOptions & { report: string; yes?: boolean }) => {
      // Loaded on use: printing help needs neither the AWS SDK nor the report schema.
      const { backupStore, changeClients, readReport } = await import("../change-io.js");
      const { renderPlanText } = await import("../../core/engine/plans/render-text.js");
      const { changeIdFor } = await import("../../core/engine/plans/change.js");
      const report = await readReport(options.report);
      const plan = report.plans.find((p) => p.id === planId);
      if (!plan) throw new UsageError(`no plan ${planId} in ${options.report}`);
      process.stdout.write(renderPlanText(plan));
      if (!options.yes) {
        process.stdout.write("dry run: nothing was changed; add --yes to apply\n");
        return;
      }
      const clients = changeClients(options);
      const store = backupStore(options, clients);
      const { applyPlan } = await import("../../core/aws/plan-apply.js");
      const { callerArn } = await import("../../core/aws/plan-caller.js");
      const caller = await callerArn(clients.sts);
      const now = new Date();
      const record = await applyPlan(clients.iam, plan, {
        changeId: changeIdFor(plan.id, now),
        now,
        store,
        caller,
      });
      process.stdout.write(`applied and verified; backup in ${store.description}\n`);
      process.stdout.write(`undo with: whittle rollback ${record.changeId} --backup ${options.backup}\n`);
      process.stdout.write(`change: ${record.changeId}\n`);
    });
}
