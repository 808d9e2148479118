import { FINDING_KINDS, SEVERITIES } from "../../findings/types.js";
import { principalNames } from "../principal-names.js";
import type { Report } from "../schema.js";
import { esc, principalAnchors, principalLink, severityBadge } from "./markup.js";
import { STATIC_ROWS } from "./page-data.js";

/**
 * The findings table. The first rows are rendered on the server (escaped) so the table reads
 * without JavaScript and shows at once; the client script renders the rest from the page data in
 * chunks, the same markup built with textContent, and filters and sorts that data. The `data-*`
 * attributes are what the browser tests and the script read: sorting never parses visible text.
 */
export function findingsSection(report: Report): string {
  const anchors = principalAnchors(report);
  const names = new Map(report.principals.map((p) => [p.arn, p.name]));
  const linked = principalNames(report);
  const rows = report.findings.slice(0, STATIC_ROWS).map((f) => {
    const principal = f.principalArn ? (names.get(f.principalArn) ?? f.principalArn) : "";
    // A managed policy's ARN, else an inline or trust policy's source (`role#inline/name`).
    const policy = f.policyArn ?? f.policySource;
    const search = [principal, f.principalArn ?? "", policy ?? "", f.title, f.kind].join(" ").toLowerCase();
    const status = f.suppressed
      ? `<span class="badge suppressed" title="${esc(`${f.suppressed.rule}: ${f.suppressed.reason}`)}">suppressed</span>`
      : "open";
    const subject = f.principalArn
      ? principalLink(anchors, linked, f.principalArn)
      : policy
        ? `<span class="arn">${esc(policy)}</span>`
        : `<span class="empty">account</span>`;
    return [
      `<tr data-severity="${f.severity}" data-kind="${f.kind}" data-suppressed="${f.suppressed ? "true" : "false"}"`,
      ` data-search="${esc(search)}" data-sort-severity="${SEVERITIES.indexOf(f.severity)}" data-sort-kind="${f.kind}"`,
      ` data-sort-principal="${esc(principal.toLowerCase())}" data-sort-title="${esc(f.title.toLowerCase())}"`,
      ` data-sort-status="${f.suppressed ? 1 : 0}"${f.suppressed ? ` class="suppressed"` : ""}>`,
      `<td>${severityBadge(f.severity)}</td><td class="kind">${f.kind}</td><td>${subject}</td>`,
      `<td>${esc(f.title)}</td><td>${status}</td></tr>`,
    ].join("");
  });
  const present = FINDING_KINDS.filter((k) => report.findings.some((f) => f.kind === k));
  const option = (value: string) => `<option value="${value}">${value}</option>`;
  const header = (key: string, label: string) =>
    `<th data-sort-key="${key}" aria-sort="none"><button type="button" class="sort">${label}</button></th>`;
  return [
    `<section class="block" id="findings"><h2>Findings</h2>`,
    // Hidden until the script runs: without JavaScript the controls would do nothing.
    `<div class="controls" id="findings-controls" hidden>`,
    `<label>Severity <select id="filter-severity"><option value="">all</option>${SEVERITIES.map(option).join("")}</select></label>`,
    `<label>Kind <select id="filter-kind"><option value="">all</option>${present.map(option).join("")}</select></label>`,
    `<label>Search <input type="search" id="filter-text" placeholder="principal, ARN or title" autocomplete="off"></label>`,
    `<label><input type="checkbox" id="filter-suppressed"> hide suppressed</label>`,
    `<span class="count" id="findings-count">${report.findings.length} findings</span></div>`,
    `<div class="table-wrap"><table id="findings-table"><thead><tr>`,
    header("severity", "Severity"),
    header("kind", "Kind"),
    header("principal", "Principal"),
    header("title", "Title"),
    header("status", "Status"),
    `</tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
    `<p class="empty" id="findings-more" hidden></p>`,
    report.findings.length > STATIC_ROWS
      ? `<noscript><p class="empty">The first ${STATIC_ROWS} of ${report.findings.length} findings; the page shows the rest with JavaScript, and report.md and report.json list them all.</p></noscript>`
      : "",
    report.findings.length === 0 ? `<p class="empty">No findings.</p>` : "",
    `</section>`,
  ].join("");
}
