import { SEVERITIES } from "../findings/types.js";
import { escapeMarkdown as md } from "../report/escape.js";
import type { OrgReport } from "./schema.js";

const num = (n: number) => n.toLocaleString("en-US");
const day = (iso: string) => iso.slice(0, 10);

/** org-report.md: the rollup for tickets and pull requests; each account's report.md has the detail. */
export function renderOrgMarkdown(report: OrgReport): string {
  const { summary } = report;
  const lines = [
    `# Whittle organization audit${report.organizationId ? `: ${md(report.organizationId)}` : ""}`,
    "",
    `Window ${day(report.window.start)} → ${day(report.window.end)} (${report.window.days} days), generated ${md(report.generatedAt)} from account ${md(report.auditedFrom)}.`,
    "",
    "| Accounts | Audited | Failed | Principals | Critical | High | Medium | Low | Info | Cross-account paths |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${num(summary.accounts)} | ${num(summary.audited)} | ${num(summary.failed)} | ${num(summary.principals)} | ${SEVERITIES.map((s) => num(summary.findings[s])).join(" | ")} | ${num(summary.crossAccountPaths)} |`,
    "",
    "## Accounts",
    "",
    "| Account | Name | Status | Principals | Critical | High | Medium | Low | Info | SCPs |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.accounts.map((a) => {
      const id = a.report ? `[${a.accountId}](${a.report.replace(/\.json$/, ".md")})` : a.accountId;
      const status =
        a.status === "failed"
          ? `failed: ${md(a.reason ?? "")}`
          : a.management
            ? "audited (management)"
            : "audited";
      const counts = SEVERITIES.map((s) => (a.findings ? num(a.findings[s]) : "–")).join(" | ");
      const scps = a.serviceControlPolicies ? num(a.serviceControlPolicies.length) : "unknown";
      return `| ${id} | ${md(a.name ?? "")} | ${status} | ${a.principals === undefined ? "–" : num(a.principals)} | ${counts} | ${scps} |`;
    }),
  ];
  if (report.crossAccountPaths.length > 0) {
    lines.push("", "## Cross-account paths", "", "| Severity | Path | Trust |", "| --- | --- | --- |");
    for (const p of report.crossAccountPaths)
      lines.push(
        `| ${p.severity} | ${md(p.title)} | ${p.via}${p.certainty === "maybe" ? ", conditional" : ""} |`,
      );
  }
  if (report.permissionSets.length > 0) {
    lines.push(
      "",
      "## Permission sets",
      "",
      "One inline policy per permission set, proven against every audited account holding its role (the policy and its Terraform are in org-report.json).",
      "",
      "| Permission set | Accounts | Policy |",
      "| --- | --- | --- |",
    );
    for (const p of report.permissionSets)
      lines.push(
        `| ${md(p.name)} | ${p.accounts.join(", ")} | ${p.status === "proven" ? `proven${p.unusedIn ? `; unused in ${p.unusedIn.join(", ")}` : ""}` : `refused: ${md(p.reason ?? "")}`} |`,
      );
  }
  if (report.worstPrincipals.length > 0) {
    lines.push(
      "",
      "## Worst principals",
      "",
      "| Account | Principal | Score | Findings |",
      "| --- | --- | ---: | --- |",
    );
    for (const p of report.worstPrincipals)
      lines.push(`| ${p.accountId} | ${md(p.arn)} | ${num(p.score)} | ${md(p.kinds.join(", "))} |`);
  }
  if (report.warnings.length > 0)
    lines.push("", "## Warnings", "", ...report.warnings.map((w) => `- ${md(w)}`));
  return `${lines.join("\n")}\n`;
}
