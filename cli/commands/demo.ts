import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { addRunOptions, parseNow, type RunOptions } from "../audit-options.js";
import { packageRoot } from "../package-root.js";
import { COMMANDS } from "./index.js";

const DEMO = `${join(packageRoot(), "demo", "account")}/`;

/** `whittle demo`: the full audit of the bundled demo account, at the demo's fixed "now". */
export function registerDemo(program: Command): void {
  const command = program.command("demo").description(COMMANDS.demo.description);
  addRunOptions(command, { out: "whittle-report" });
  command.action(async (options: RunOptions) => {
    const manifest = JSON.parse(readFileSync(`${DEMO}manifest.json`, "utf8")) as {
      now: string;
      days?: number;
    };
    const now = parseNow(options.now ?? manifest.now);
    // Loaded on use, as the audit pipeline below: printing help needs neither.
    const { FileSnapshotSource } = await import("../../core/node/snapshot-files.js");
    const { cloudTrailFileSource } = await import("../../core/node/cloudtrail-files.js");
    const { readEventSelectorsFiles } = await import("../../core/node/event-selectors-files.js");
    const files = new FileSnapshotSource({
      snapshot: `${DEMO}gaad.json`,
      credentialReport: `${DEMO}credential-report.csv`,
      collectedAt: now,
    });
    const trail = cloudTrailFileSource([`${DEMO}cloudtrail`]);
    // Name the bundled files as the repository does, not by this machine's absolute paths.
    const snapshot = {
      description: "demo/account/gaad.json + demo/account/credential-report.csv",
      load: () => files.load(),
    };
    const activity = [
      { description: "CloudTrail files: demo/account/cloudtrail", read: trail.read.bind(trail) },
    ];
    // The trail's description: its files show two regions, which alone prove no call unmade.
    const logging = await readEventSelectorsFiles([`${DEMO}trail.json`, `${DEMO}event-selectors.json`]);
    const { runAuditCommand } = await import("../run-audit.js");
    const config = options.config ?? `${DEMO}config.json`;
    process.exitCode = await runAuditCommand(
      { snapshot, activity, logging },
      { ...options, config, days: options.days ?? String(manifest.days ?? 90) },
      now,
    );
  });
}
