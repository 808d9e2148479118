import { SEVERITIES, type Severity } from "../findings/types.js";
import { escapeTerminal as term } from "./escape.js";
import { principalNames } from "./principal-names.js";
import { countByKind, topPrincipals } from "./ranking.js";
import type { Report } from "./schema.js";

export interface SummaryOptions {
  /** ANSI colours; false gives plain text (not a TTY, NO_COLOR, or a file). */
  color: boolean;
  /** The `--out` directory, to say where the reports and policies were written. */
  outDir?: string;
}

const TOP = 5;
const BAR = 30;

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: "1;35",
  high: "1;31",
  medium: "33",
  low: "34",
  info: "2",
};

const num = (n: number) => n.toLocaleString("en-US");

/**
 * The summary `whittle audit` prints: counts by severity and kind, the principals to look at
 * first, and where the recommendations are. Account text is stripped of control characters so a
 * name cannot send escape sequences to the terminal.
 */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const paint = (codes: string, text: string) => (options.color ? `\u001b[${codes}m${text}\u001b[0m` : text);
  const bold = (text: string) => paint("1", text);
  const counts = report.summary.findings;
  const open = SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  const max = Math.max(1, ...SEVERITIES.map((s) => counts[s]));
  const account = report.alias ? `${report.accountId} (${report.alias})` : report.accountId;
  const out: string[] = [
    `${bold("Whittle audit")} of account ${term(account)}, ${report.window.start.slice(0, 10)} → ${report.window.end.slice(0, 10)} (${report.window.days} days)`,
    `${num(report.summary.principals)} principals · ${num(report.summary.events)} events · ${num(open)} open findings` +
      (report.summary.suppressed ? ` (${num(report.summary.suppressed)} suppressed)` : "") +
      ` · ${num(report.summary.recommendations)} recommendations`,
    "",
    bold("Findings by severity"),
    ...SEVERITIES.map((s) => {
      const bar = "█".repeat(counts[s] === 0 ? 0 : Math.max(1, Math.round((counts[s] / max) * BAR)));
      return `  ${paint(SEVERITY_COLORS[s], s.padEnd(9))}${num(counts[s]).padStart(6)}  ${paint(SEVERITY_COLORS[s], bar)}`;
    }),
  ];
  const kinds = countByKind(report.findings);
  if (kinds.length > 0) {
    const width = Math.max(...kinds.map(([k]) => k.length));
    out.push(
      "",
      bold("Findings by kind"),
      ...kinds.map(([k, n]) => `  ${k.padEnd(width)}  ${num(n).padStart(6)}`),
    );
  }
  const top = topPrincipals(report, TOP);
  if (top.length > 0) {
    const names = top.map((r) => term(r.principal.name));
    const width = Math.min(40, Math.max(9, ...names.map((n) => n.length)));
    out.push("", bold("Top principals by removable risk"));
    out.push(`  ${"PRINCIPAL".padEnd(width)}  TYPE   C   H   M   L  REMOVABLE  RISKY`);
    top.forEach((r, i) => {
      const name = names[i]!.length > width ? `${names[i]!.slice(0, width - 1)}…` : names[i]!;
      const f = r.findings;
      const sev = (["critical", "high", "medium", "low"] as const)
        .map((s) => String(f[s]).padStart(3))
        .join(" ");
      out.push(
        `  ${name.padEnd(width)}  ${r.principal.type.padEnd(5)}${sev}  ${num(r.removableActions).padStart(9)}  ${num(r.riskyActions).padStart(5)}`,
      );
    });
  }
  out.push("", bold("Recommendations"));
  if (report.recommendations.length === 0) out.push("  none (no user or role with activity in the window)");
  const names = principalNames(report);
  for (const rec of report.recommendations) {
    const name = names.get(rec.principalArn) ?? rec.principalArn;
    out.push(`  ${term(name)}: ${term(rec.summary)}`);
    out.push(`    → ${rec.policies.map((p) => `policies/${term(p.name)}.json`).join(", ")}`);
  }
  const where = options.outDir ? term(options.outDir.replace(/\/+$/, "")) : undefined;
  out.push(
    "",
    where
      ? `Reports: ${where}/report.html, ${where}/report.md, ${where}/report.json; policies in ${where}/policies/`
      : "Full details: report.html, report.md and report.json (written with --out DIR).",
  );
  return `${out.join("\n")}\n`;
}
