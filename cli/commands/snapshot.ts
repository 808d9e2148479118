import { dirname } from "node:path";
import type { Command } from "commander";
import { addSourceOptions, type SourceOptions } from "../source-options.js";
import { COMMANDS } from "./index.js";

const EXAMPLES = `
Examples:
  $ whittle snapshot --out snapshot.json                            # live, default credentials
  $ whittle snapshot --profile audit --out snapshot.json
  $ whittle snapshot --endpoint-url http://localhost:5000 --out s.json   # local emulator
  $ whittle snapshot --snapshot gaad.json --credential-report report.csv --out snapshot.json

Live collection needs read-only IAM access (iam:Get*, iam:List*, iam:GenerateCredentialReport,
iam:GenerateServiceLastAccessedDetails) and sts:GetCallerIdentity. What cannot be collected
is recorded as a warning in the snapshot. Exit status: 0 written, 1 AWS failure, 2 bad input.`;

/** `whittle snapshot`: save an account's IAM state (live, or normalized from files) for offline audits. */
export function registerSnapshot(program: Command): void {
  addSourceOptions(
    program
      .command("snapshot")
      .description(COMMANDS.snapshot.description)
      .requiredOption("--out <file>", "where to write the snapshot JSON"),
  )
    .addHelpText("after", EXAMPLES)
    .action(async (options: SourceOptions & { out: string }) => {
      // Loaded on use: printing help needs neither the AWS SDK nor the snapshot model.
      const { snapshotSourceFrom } = await import("../snapshot-source.js");
      const { serializeSnapshot } = await import("../../core/engine/snapshot/serialize.js");
      const { makeOutputDir, OutputDirError, removeMadeDirs } = await import("../../core/node/output-dir.js");
      const { replaceFile } = await import("../../core/node/replace-file.js");
      const source = await snapshotSourceFrom(options);
      // Before collecting, which can take minutes: an --out whose folder cannot be made fails now.
      const made = await makeOutputDir(dirname(options.out));
      // Folders made for a snapshot that is not written would be left empty.
      const unmake = async (cause: unknown): Promise<never> => {
        await removeMadeDirs(made);
        throw cause;
      };
      // Bad input files raise SnapshotInputError, which main.ts maps to exit 2.
      const snapshot = await source.load().catch(unmake);
      try {
        // Whole or not at all: a snapshot cut short would be read by a later audit (or lose the one there).
        await replaceFile(options.out, serializeSnapshot(snapshot));
      } catch (cause) {
        const error = cause as NodeJS.ErrnoException;
        const reason = error.code === "EISDIR" ? "it is a folder" : error.message;
        await unmake(new OutputDirError(`cannot write ${options.out}: ${reason}`, { cause }));
      }
      for (const warning of snapshot.warnings) process.stderr.write(`whittle: warning: ${warning}\n`);
      const counts = `${snapshot.users.length} users, ${snapshot.groups.length} groups, ${snapshot.roles.length} roles`;
      process.stdout.write(
        `wrote ${options.out}: account ${snapshot.accountId}, ${counts} (${source.description})\n`,
      );
    });
}
