import { type Command, InvalidArgumentError, Option } from "commander";
import type { PolicyKind } from "../../core/engine/policy/types.js";
import { UsageError } from "../usage-error.js";
import { COMMANDS } from "./index.js";
import type { FileResult } from "./validate-report.js";

const EXAMPLES = `
Examples:
  $ whittle validate policy.json
  $ whittle validate --kind trust role-trust.json
  $ whittle validate --kind scp guardrail.json
  $ whittle validate --max-size 2048 user-inline.json      # user inline quota
  $ whittle validate --format json policies/*.json > lint.json

Each problem prints as  FILE: SEVERITY code Statement[i]: message
Severities: ERROR (IAM rejects or ignores it), SECURITY, WARNING, SUGGESTION, as
IAM Access Analyzer classes them; every check is listed in docs/validation.md.
A file holds one document: JSON, or URL-encoded JSON as the IAM API returns it.
Exit status: 0 when no file has errors, 2 when one has (or cannot be read).`;

interface ValidateOptions {
  format: "text" | "json";
  kind: PolicyKind;
  maxSize?: number;
  quiet?: boolean;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(COMMANDS.validate.description)
    .argument("<policy...>", "policy document files")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(
      new Option("--kind <kind>", "document kind; auto: a Principal makes it a resource policy")
        .choices(["identity", "resource", "trust", "scp", "auto"])
        .default("auto"),
    )
    .option(
      "--max-size <n>",
      "size quota in characters without whitespace (default 6144 managed, 2048 trust, 5120 scp)",
      positive,
    )
    .option("--quiet", "print only errors, without the summary")
    .addHelpText("after", EXAMPLES)
    .action(async (files: string[], options: ValidateOptions) => {
      // Loaded on use: printing help needs neither the catalog nor the linter.
      const { loadCatalog } = await import("../../core/node/load-catalog.js");
      const { lintPolicy } = await import("../../core/engine/policy/lint/index.js");
      const { readPolicyText } = await import("./validate-input.js");
      const { printable, renderJson, renderText } = await import("./validate-report.js");
      const catalog = loadCatalog();
      const results: FileResult[] = [];
      for (const file of files) {
        try {
          const { document, text } = await readPolicyText(file, printable(file));
          const lintOptions = {
            kind: options.kind,
            ...(options.maxSize ? { maxSize: options.maxSize } : {}),
          };
          results.push({ file, problems: lintPolicy(catalog, text ?? document, lintOptions) });
        } catch (error) {
          // JSON.parse reads any depth; the linter's walks do not: such a file alone cannot be read.
          const unreadable =
            error instanceof RangeError
              ? new UsageError(`${printable(file)}: the document nests too deeply to lint (${error.message})`)
              : error;
          if (!(unreadable instanceof UsageError)) throw error;
          process.stderr.write(`whittle: ${unreadable.message}\n`);
          results.push({ file, problems: [], error: unreadable.message });
        }
      }
      process.stdout.write(
        options.format === "json" ? renderJson(results) : renderText(results, options.quiet === true),
      );
      const failed = results.some((r) => r.error || r.problems.some((p) => p.severity === "error"));
      if (failed) process.exitCode = 2;
    });
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}
