import { SEVERITIES } from "../findings/types.js";
import { embedJson, escapeHtml as esc, htmlData } from "../report/escape.js";
import type { OrgReport } from "./schema.js";

const num = (n: number) => n.toLocaleString("en-US");
const badge = (s: string) => `<span class="badge ${esc(s)}">${esc(s)}</span>`;

const STYLES = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
td.n{text-align:right}.badge{padding:0 .4rem;border-radius:.3rem;color:#fff}.critical{background:#8b0000}
.high{background:#c0392b}.medium{background:#d68910}.low{background:#2e86c1}.info{background:#7f8c8d}
.failed{color:#c0392b;font-weight:600}`;

/**
 * org-report.html: one self-contained page; every value from the accounts is escaped, and the
 * embedded report (htmlData) holds account text as the markup shows it, as report.html's data does.
 */
export function renderOrgHtml(report: OrgReport): string {
  const { summary } = report;
  const counts = (f: Record<string, number> | undefined) =>
    SEVERITIES.map((s) => `<td class="n">${f ? num(f[s] ?? 0) : "–"}</td>`).join("");
  const accounts = report.accounts
    .map((a) => {
      const id = a.report
        ? `<a href="${esc(a.report.replace(/\.json$/, ".html"))}">${esc(a.accountId)}</a>`
        : esc(a.accountId);
      const status =
        a.status === "failed"
          ? `<span class="failed">failed</span>: ${esc(a.reason ?? "")}`
          : a.management
            ? "audited (management)"
            : "audited";
      const scps = a.serviceControlPolicies ? num(a.serviceControlPolicies.length) : "unknown";
      return `<tr><td>${id}</td><td>${esc(a.name ?? "")}</td><td>${status}</td><td class="n">${a.principals === undefined ? "–" : num(a.principals)}</td>${counts(a.findings)}<td class="n">${scps}</td></tr>`;
    })
    .join("\n");
  const paths = report.crossAccountPaths
    .map(
      (p) =>
        `<tr><td>${badge(p.severity)}</td><td>${esc(p.title)}</td><td>${esc(p.via)}${p.certainty === "maybe" ? ", conditional" : ""}</td></tr>`,
    )
    .join("\n");
  const worst = report.worstPrincipals
    .map(
      (p) =>
        `<tr><td>${esc(p.accountId)}</td><td>${esc(p.arn)}</td><td class="n">${num(p.score)}</td>${counts(p.findings)}<td>${esc(p.kinds.join(", "))}</td></tr>`,
    )
    .join("\n");
  const sets = report.permissionSets
    .map((p) => {
      const status =
        p.status === "proven"
          ? `proven${p.unusedIn ? `; unused in ${esc(p.unusedIn.join(", "))}` : ""}`
          : `<span class="failed">refused</span>: ${esc(p.reason ?? "")}${p.violations ? `<ul>${p.violations.map((v) => `<li>${esc(v)}</li>`).join("")}</ul>` : ""}`;
      const code = (title: string, text: string) =>
        `<details><summary>${title}</summary><pre>${esc(text)}</pre></details>`;
      const policy = p.policy
        ? code("Policy", JSON.stringify(p.policy.document, null, 2)) +
          (p.iac ? code("Terraform", p.iac.terraform) + code("CloudFormation", p.iac.cloudformation) : "")
        : "";
      return `<tr><td>${esc(p.name)}</td><td>${esc(p.accounts.join(", "))}</td><td>${status}${policy}</td></tr>`;
    })
    .join("\n");
  const sevHead = SEVERITIES.map((s) => `<th>${s}</th>`).join("");
  // With accounts not audited, "none" holds only for those that were: said so, never read as complete.
  const among = summary.failed > 0 ? " among the audited accounts (see the warnings)" : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Whittle organization audit${report.organizationId ? ` ${esc(report.organizationId)}` : ""}</title>
<style>${STYLES}</style></head><body>
<h1>Whittle organization audit${report.organizationId ? `: ${esc(report.organizationId)}` : ""}</h1>
<p>Window ${esc(report.window.start.slice(0, 10))} → ${esc(report.window.end.slice(0, 10))} (${report.window.days} days), generated ${esc(report.generatedAt)} from account ${esc(report.auditedFrom)}.</p>
<table><tr><th>Accounts</th><th>Audited</th><th>Failed</th><th>Principals</th>${sevHead}<th>Cross-account paths</th></tr>
<tr><td class="n">${num(summary.accounts)}</td><td class="n">${num(summary.audited)}</td><td class="n">${num(summary.failed)}</td><td class="n">${num(summary.principals)}</td>${counts(summary.findings)}<td class="n">${num(summary.crossAccountPaths)}</td></tr></table>
<h2>Accounts</h2>
<table><tr><th>Account</th><th>Name</th><th>Status</th><th>Principals</th>${sevHead}<th>SCPs</th></tr>
${accounts}</table>
<h2>Cross-account paths</h2>
${paths ? `<table><tr><th>Severity</th><th>Path</th><th>Trust</th></tr>\n${paths}</table>` : `<p>None found${among}.</p>`}
<h2>Permission sets</h2>
<p>One inline policy per IAM Identity Center permission set, proven against every audited account that holds its role.</p>
${sets ? `<table><tr><th>Permission set</th><th>Accounts</th><th>Policy</th></tr>\n${sets}</table>` : `<p>None found${among}.</p>`}
<h2>Worst principals</h2>
${worst ? `<table><tr><th>Account</th><th>Principal</th><th>Score</th>${sevHead}<th>Findings</th></tr>\n${worst}</table>` : `<p>No principal${summary.failed > 0 ? " of the audited accounts" : ""} has open findings.</p>`}
${report.warnings.length > 0 ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : ""}
<script type="application/json" id="org-report">${embedJson(htmlData(report))}</script>
</body></html>
`;
}
