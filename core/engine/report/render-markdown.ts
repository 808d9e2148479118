import { SEVERITIES } from "../findings/types.js";
import { markdownFence, escapeMarkdown as md } from "./escape.js";
import { countByKind, topPrincipals } from "./ranking.js";
import type { Report, ReportFinding } from "./schema.js";

/** Principals listed in the summary table; the HTML report has them all. */
const TOP = 10;

const num = (n: number) => n.toLocaleString("en-US");
const day = (iso: string) => iso.slice(0, 10);

function summary(report: Report): string[] {
  const account = report.alias ? `${report.accountId} (${report.alias})` : report.accountId;
  const { findings } = report.summary;
  return [
    `# Whittle IAM audit: ${md(account)}`,
    "",
    `Window ${day(report.window.start)} → ${day(report.window.end)} (${report.window.days} days), generated ${md(report.generatedAt)}.`,
    "",
    "| Critical | High | Medium | Low | Info | Suppressed | Principals | Recommendations | Events |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${SEVERITIES.map((s) => num(findings[s])).join(" | ")} | ${num(report.summary.suppressed)} | ${num(report.summary.principals)} | ${num(report.summary.recommendations)} | ${num(report.summary.events)} |`,
  ];
}

function kinds(report: Report): string[] {
  const rows = countByKind(report.findings);
  if (rows.length === 0) return [];
  return [
    "",
    "## Findings by kind",
    "",
    "| Kind | Open |",
    "| --- | ---: |",
    ...rows.map(([k, n]) => `| ${k} | ${num(n)} |`),
  ];
}

function top(report: Report): string[] {
  const rows = topPrincipals(report, TOP);
  if (rows.length === 0) return [];
  return [
    "",
    "## Top principals by removable risk",
    "",
    "| Principal | Type | Critical | High | Medium | Low | Removable actions | Risky removable |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${md(r.principal.name)} | ${r.principal.type} | ${(["critical", "high", "medium", "low"] as const).map((s) => r.findings[s]).join(" | ")} | ${num(r.removableActions)} | ${num(r.riskyActions)} |`,
    ),
  ];
}

function findingLine(report: Report, f: ReportFinding): string {
  const principal = f.principalArn
    ? (report.principals.find((p) => p.arn === f.principalArn)?.name ?? f.principalArn)
    : (f.policyArn ?? "account");
  const suppressed = f.suppressed ? ` _(suppressed: ${md(f.suppressed.reason)})_` : "";
  return `- **${md(principal)}** (${f.kind}): ${md(f.title)}${suppressed}`;
}

function findings(report: Report): string[] {
  const out: string[] = ["", "## Findings"];
  for (const severity of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push("", `### ${severity[0]!.toUpperCase()}${severity.slice(1)} (${list.length})`, "");
    out.push(...list.map((f) => findingLine(report, f)));
  }
  if (report.findings.length === 0) out.push("", "No findings.");
  return out;
}

function recommendations(report: Report): string[] {
  const out: string[] = ["", "## Recommendations"];
  if (report.recommendations.length === 0)
    out.push("", "No recommendation (no principal with activity in the window).");
  for (const rec of report.recommendations) {
    const name = report.principals.find((p) => p.arn === rec.principalArn)?.name ?? rec.principalArn;
    const check = (ok: boolean) => (ok ? "✅" : "❌");
    out.push(
      "",
      `### ${md(name)}`,
      "",
      md(rec.summary),
      "",
      `${check(rec.checks.withinCurrent)} within current permissions · ${check(rec.checks.coversObserved)} covers observed activity`,
    );
    for (const policy of rec.policies)
      out.push(
        "",
        `**${md(policy.name)}**`,
        "",
        markdownFence(JSON.stringify(policy.document, null, 2), "json"),
      );
  }
  return out;
}

/** report.md, for tickets and pull requests. Account text is Markdown-escaped; policies sit in fenced blocks. */
export function renderMarkdown(report: Report): string {
  return `${[...summary(report), ...kinds(report), ...top(report), ...findings(report), ...recommendations(report)].join("\n")}\n`;
}
