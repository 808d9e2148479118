import { type AuditSources, runAudit } from "../core/engine/audit.js";
import { renderMarkdown } from "../core/engine/report/render-markdown.js";
import { renderSummary } from "../core/engine/report/render-summary.js";
import type { Report } from "../core/engine/report/schema.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { makeOutputDir, removeMadeDirs } from "../core/node/output-dir.js";
import { threadedRecommender } from "../core/node/recommend-pool.js";
import { writeReportFiles } from "../core/node/report-files.js";
import { loadConfig } from "./audit-config.js";
import { failOnMet, parseDays, parseNow, type RunOptions } from "./audit-options.js";
import { progressPrinter } from "./progress.js";
import { version } from "./version.js";
import { parseWorkers } from "./workers-option.js";

/** Runs the audit for a command, writes the files and prints the chosen format; returns the exit code. */
export async function runAuditCommand(
  sources: AuditSources,
  options: RunOptions & { workers?: string },
  now?: Date,
): Promise<number> {
  const config = await loadConfig(options);
  const days = parseDays(options.days);
  const workers = parseWorkers(options.workers);
  // Before the audit, which can take minutes: a bad --out fails now, not after.
  const made = options.out ? await makeOutputDir(options.out) : [];
  const progress = progressPrinter(options.quiet === true);
  let report: Report;
  let warnings: string[] = [];
  try {
    try {
      report = await runAudit(sources, {
        catalog: loadCatalog(),
        now: now ?? parseNow(options.now),
        days,
        config,
        version: version(),
        onProgress: progress.update,
        recommender: threadedRecommender(workers),
      });
    } finally {
      progress.done();
    }
    if (options.out) ({ warnings } = await writeReportFiles(options.out, report));
  } catch (error) {
    // The folder made for this run goes with it: left empty, it would pass for a report.
    await removeMadeDirs(made);
    throw error;
  }
  // Once the audit is done: a usage or input error (an unreadable --snapshot) stays the one line printed.
  if (sources.activity.length === 0 && !options.quiet) {
    process.stderr.write(
      "whittle: no activity source given (--cloudtrail, --cloudtrail-s3, --lookup-events, --athena-table): unused-permission findings and least-privilege policies need activity\n",
    );
  }
  // Even with --quiet (which hides progress): a stale policy file there could be applied by mistake.
  for (const warning of warnings) process.stderr.write(`whittle: ${warning}\n`);
  if (options.out)
    process.stderr.write(`Reports written to ${options.out}/ — open ${options.out}/report.html\n`);
  if (options.format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === "markdown") process.stdout.write(renderMarkdown(report));
  else
    process.stdout.write(
      renderSummary(report, {
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
        ...(options.out ? { outDir: options.out } : {}),
      }),
    );
  return failOnMet(report.summary.findings, options.failOn) ? 3 : 0;
}
