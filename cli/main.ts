import { Command, CommanderError } from "commander";
import { ChangeBusyError, ChangeExistsError, PlanDriftError } from "../core/aws/plan-errors.js";
import { COMMANDS } from "./commands/index.js";

const program = new Command("whittle")
  .description("Audit AWS IAM and recommend least-privilege policies from observed activity.")
  .option("--verbose", "print error details (stack traces, causes)")
  // Every command takes --verbose: its help says so, under "Global Options".
  .configureHelp({ showGlobalOptions: true })
  // A usage error is one line, as every other error (usageExitCode writes it), not the line and then the whole help.
  .configureOutput({ outputError: () => {} })
  .exitOverride();

const words = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const named = words[0] === "help" ? words[1] : words[0];
try {
  const command =
    named && Object.hasOwn(COMMANDS, named) ? COMMANDS[named as keyof typeof COMMANDS] : undefined;
  if (command) (await command.load())(program);
  else
    for (const [name, { description }] of Object.entries(COMMANDS))
      program.command(name).description(description);
  // `whittle help audti` names the unknown command, as `whittle audti` does, not only the help.
  if (words[0] === "help" && named && !command) program.error(`error: unknown command '${named}'`);
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode =
    error instanceof CommanderError
      ? usageExitCode(error, named, process.argv.includes("--verbose"))
      : await exitCodeFor(error, program.opts().verbose === true);
}

/**
 * Commander's errors (an unknown option or command, a missing argument, a value not among the
 * choices) in one line with where the help is; --verbose prints that help too. Help asked for
 * (`--help`, exit 0) and the help printed for a bare `whittle` (already on stderr) print nothing more.
 */
function usageExitCode(error: CommanderError, named: string | undefined, verbose: boolean): number {
  if (error.exitCode === 0) return 0;
  if (error.code === "commander.help") return 2;
  const command = program.commands.find((c) => c.name() === named);
  const message = error.message
    .replace(/^error: /, "")
    .trim()
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/\.$/, "");
  process.stderr.write(`whittle: ${message}; see whittle${command ? ` ${command.name()}` : ""} --help\n`);
  if (verbose) (command ?? program).outputHelp({ error: true });
  return 2;
}

async function exitCodeFor(error: unknown, verbose: boolean): Promise<number> {
  const message = error instanceof Error ? error.message : String(error);
  // One line, as scripts read it: a parser's message can quote the input's own line breaks.
  process.stderr.write(`whittle: ${message.trim().replace(/\s*[\r\n]+\s*/g, " ")}\n`);
  if (verbose && error instanceof Error) process.stderr.write(`${error.stack ?? ""}\n`);
  // Refused, nothing changed: IAM differs from the audit, or another apply of the plan holds its
  // change id, or another apply or rollback of the plan is running.
  if (
    error instanceof PlanDriftError ||
    error instanceof ChangeExistsError ||
    error instanceof ChangeBusyError
  )
    return 4;
  // Loaded only on failure: the error classes pull in the config and snapshot parsers.
  const { isInputError } = await import("./errors.js");
  return isInputError(error) ? 2 : 1;
}
