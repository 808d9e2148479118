import { Command, CommanderError } from "commander";
import { PlanDriftError } from "../core/aws/plan-errors.js";
import { registerApply } from "./commands/apply.js";
import { registerAudit } from "./commands/audit.js";
import { registerDemo } from "./commands/demo.js";
import { registerRollback } from "./commands/rollback.js";
import { registerSnapshot } from "./commands/snapshot.js";
import { registerValidate } from "./commands/validate.js";
import { isInputError } from "./errors.js";

const program = new Command("whittle")
  .description("Audit AWS IAM and recommend least-privilege policies from observed activity.")
  .option("--verbose", "print error details (stack traces, causes)")
  .showHelpAfterError()
  .exitOverride();

// Each command lives in cli/commands/<name>.ts and registers itself here.
registerAudit(program);
registerApply(program);
registerRollback(program);
registerDemo(program);
registerSnapshot(program);
registerValidate(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error, program.opts().verbose === true);
}

function exitCodeFor(error: unknown, verbose: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`whittle: ${message}\n`);
  if (verbose && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
  if (error instanceof PlanDriftError) return 4;
  return isInputError(error) ? 2 : 1;
}
