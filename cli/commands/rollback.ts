import type { Command } from "commander";
import { addChangeOptions, type ChangeOptions } from "../plan-options.js";
import { COMMANDS } from "./index.js";

/** `whittle rollback`: restores what a change replaced, exactly, from its backup, and verifies. */
export function registerRollback(program: Command): void {
  addChangeOptions(
    program
      .command("rollback")
      .description(COMMANDS.rollback.description)
      .argument("<change-id>", "the id `whittle apply` printed as `change: <id>`"),
  )
    .addHelpText(
      "after",
      `
Exit codes: 0 restored and verified, 2 no such change in --backup, 1 failure, or refused, changing
nothing: others' work since, or another apply or rollback of the change or its plan running (the
message names it and when its lease expires, after which a rollback takes over a run that stopped).`,
    )
    .action(async (changeId: string, options: ChangeOptions) => {
      // Loaded on use: printing help needs no AWS SDK.
      const { backupStore, changeClients } = await import("../change-io.js");
      const clients = changeClients(options);
      const store = backupStore(options, clients);
      const record = await store.read(changeId);
      const { rollbackChange } = await import("../../core/aws/plan-rollback.js");
      // A change left by a run that stopped is taken over: said on stderr, as a warning is.
      await rollbackChange(clients.iam, record, store, {
        notice: (message) => process.stderr.write(`whittle: ${message}\n`),
      });
      const { target } = record.plan;
      process.stdout.write(`restored ${target.type} ${target.name} as it was before ${changeId}; verified\n`);
      process.stdout.write(`change: ${changeId}\n`);
    });
}
