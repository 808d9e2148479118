import type { AwsConnection } from "../core/aws/clients.js";
import { runAudit } from "../core/engine/audit.js";
import { renderOrgMarkdown } from "../core/engine/organization/render-markdown.js";
import type { OrgReport } from "../core/engine/organization/schema.js";
import { escapeTerminal } from "../core/engine/report/escape.js";
import { instantText } from "../core/engine/report/instant-text.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { runOrganizationAudit } from "../core/node/organization-audit.js";
import { makeOutputDir } from "../core/node/output-dir.js";
import type { ActivityOptions } from "./activity-options.js";
import { activitySourcesFrom, trailLoggingFrom } from "./activity-sources.js";
import { loadConfig } from "./audit-config.js";
import { failOnMet, parseDays, type RunOptions } from "./audit-options.js";
import { version } from "./version.js";

/** Accounts audited at once: each audit is CPU-bound once collected, and IAM throttles per caller. */
const ACCOUNTS_IN_PARALLEL = 4;
const DAY_MS = 86_400_000;
/** Warnings printed under the table; the rest are in org-report.md. */
const WARNINGS_SHOWN = 20;

/**
 * `whittle audit --org`: every account's reports and the rollup under --out; prints the rollup.
 * Exit 3 when --fail-on is met in an audited account, else 1 when an account could not be audited
 * (the audit is incomplete), else 0.
 */
export async function runOrgAuditCommand(
  options: RunOptions & ActivityOptions & { memberRole: string; out: string },
  connection: AwsConnection,
  now: Date,
): Promise<number> {
  const config = await loadConfig(options);
  const days = parseDays(options.days);
  // Before any account is read: a bad --out fails now, not after every account's audit.
  await makeOutputDir(options.out);
  const catalog = loadCatalog();
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const report = await runOrganizationAudit({
    connection,
    memberRoleName: options.memberRole,
    outDir: options.out,
    concurrency: ACCOUNTS_IN_PARALLEL,
    catalog,
    generatedAt: instantText(now),
    window: { start: new Date(now.getTime() - days * DAY_MS).toISOString(), end: now.toISOString(), days },
    activityFor: async (member) => {
      const logging = await trailLoggingFrom(options, member);
      return { activity: await activitySourcesFrom(options, member), ...(logging ? { logging } : {}) };
    },
    audit: (sources) => runAudit(sources, { catalog, now, days, config, version: version() }),
    onAccount: (id, outcome, detail, warnings = []) => {
      log(`account ${id}: ${outcome} (${detail})`);
      // Even with --quiet, as for one account: a stale policy file there could be applied by mistake.
      if (options.quiet)
        for (const warning of warnings) process.stderr.write(`whittle: account ${id}: ${warning}\n`);
    },
  });
  process.stderr.write(`Reports written to ${options.out}/ — open ${options.out}/org-report.html\n`);
  if (options.format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(options.format === "markdown" ? renderOrgMarkdown(report) : table(report));
  if (report.summary.failed > 0)
    process.stderr.write(
      `whittle: ${report.summary.failed} of ${report.summary.accounts} accounts could not be audited (see ${options.out}/org-report.md)\n`,
    );
  // 3 says the run is done and --fail-on met: an account not audited leaves it not done (1).
  if (report.summary.failed > 0) return 1;
  return failOnMet(report.summary.findings, options.failOn) ? 3 : 0;
}

function table(report: OrgReport): string {
  const rows = report.accounts.map((a) => {
    const f = a.findings;
    const counts = f ? `${f.critical} critical, ${f.high} high, ${f.medium} medium` : "";
    return `  ${a.accountId}  ${(a.name ?? "").padEnd(20).slice(0, 20)}  ${a.status === "failed" ? `FAILED: ${a.reason}` : counts}`;
  });
  const paths = report.crossAccountPaths.map((p) => `  [${p.severity}] ${p.title}`);
  // What the counts above cannot be trusted for (SCPs unread, accounts not audited): never left out.
  const warnings = report.warnings.slice(0, WARNINGS_SHOWN).map((w) => `  ${w}`);
  const more = report.warnings.length - warnings.length;
  return `${[
    `Organization ${report.organizationId ?? ""}: ${report.summary.audited} of ${report.summary.accounts} accounts audited, ${report.summary.crossAccountPaths} cross-account paths`,
    ...rows,
    ...(paths.length > 0 ? ["Cross-account paths:", ...paths] : []),
    ...(warnings.length > 0 ? ["Warnings:", ...warnings] : []),
    ...(more > 0 ? [`  and ${more} more (see org-report.md)`] : []),
  ]
    .map(escapeTerminal)
    .join("\n")}\n`;
}
