import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { FileSnapshotSource } from "../../core/node/snapshot-files.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";
import { addRunOptions, type RunOptions } from "../audit-options.js";
import { runAuditCommand } from "../run-audit.js";

const DEMO = fileURLToPath(new URL("../../demo/account/", import.meta.url));

/** `whittle demo`: the full audit of the bundled demo account, at the demo's fixed "now". */
export function registerDemo(program: Command): void {
  const command = program
    .command("demo")
    .description("audit the bundled demo account (no AWS account needed) and write its reports");
  addRunOptions(command, { out: "whittle-report" });
  command.action(async (options: RunOptions) => {
    const manifest = JSON.parse(readFileSync(`${DEMO}manifest.json`, "utf8")) as { now: string; days?: number };
    const snapshot = new FileSnapshotSource({ snapshot: `${DEMO}gaad.json`, credentialReport: `${DEMO}credential-report.csv` });
    const activity = [cloudTrailFileSource([`${DEMO}cloudtrail`])];
    const now = new Date(options.now ?? manifest.now);
    process.exitCode = await runAuditCommand({ snapshot, activity }, { ...options, days: options.days ?? String(manifest.days ?? 90) }, now);
  });
}
