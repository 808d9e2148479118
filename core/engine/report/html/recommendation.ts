import { collapseUnchanged, diffLines } from "../diff.js";
import type { Report, ReportPrincipal, ReportRecommendation } from "../schema.js";
import { checkBadge, esc, num, pretty } from "./markup.js";

/**
 * A diff longer than this is cut: an AWS managed policy replaced by a small one would otherwise
 * put thousands of removed lines in the file for every principal it is attached to.
 */
const MAX_DIFF_ROWS = 600;

/** The documents as one text, each under a `# source` line so the diff shows where a line comes from. */
function documentsText(docs: readonly { source: string; document: unknown }[]): string[] {
  return docs.flatMap(({ source, document }) => [`# ${source}`, ...pretty(document).split("\n")]);
}

export function currentDocuments(report: Report, principal: ReportPrincipal) {
  return principal.policySources.map((source) => ({
    source,
    document: report.policies[source] ?? "(document not in the report)",
  }));
}

function diffBlock(report: Report, principal: ReportPrincipal, rec: ReportRecommendation): string {
  const before = documentsText(currentDocuments(report, principal));
  const after = documentsText(rec.policies.map((p) => ({ source: p.name, document: p.document })));
  const rows = collapseUnchanged(diffLines(before, after));
  const shown = rows.slice(0, MAX_DIFF_ROWS).map((row) => {
    if (row.op === "skip") return `<span class="skip">⋯ ${num(row.count)} unchanged lines</span>`;
    const cls = row.op === "-" ? "del" : row.op === "+" ? "add" : row.text.startsWith("# ") ? "file" : "ctx";
    return `<span class="${cls}">${row.op} ${esc(row.text)}</span>`;
  });
  if (rows.length > MAX_DIFF_ROWS)
    shown.push(
      `<span class="skip">⋯ ${num(rows.length - MAX_DIFF_ROWS)} more diff lines (see report.json)</span>`,
    );
  const added = rows.filter((r) => r.op === "+").length;
  const removed = rows.filter((r) => r.op === "-").length;
  return [
    `<h4>Diff: current → recommended</h4>`,
    `<p class="meta"><span class="badge fail">−${num(removed)}</span> <span class="badge ok">+${num(added)}</span> lines of pretty-printed JSON</p>`,
    `<pre class="diff" data-diff>${shown.join("")}</pre>`,
  ].join("");
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<details><summary>${title} (${num(items.length)})</summary><pre>${items.map(esc).join("\n")}</pre></details>`;
}

/** The recommended policies (with Copy buttons), their proofs, IaC snippets and the diff. */
export function recommendationBlock(
  report: Report,
  principal: ReportPrincipal,
  rec: ReportRecommendation,
  recIndex: number,
): string {
  const risks = Object.entries(rec.removedRisks)
    .map(([risk, actions]) => `<span class="badge fail">removes ${num(actions.length)} ${esc(risk)}</span>`)
    .join(" ");
  const policies = rec.policies.map(
    (p, i) =>
      `<div class="policy-head"><span class="name mono">${esc(p.name)}</span>` +
      `<button type="button" class="copy" data-rec="${recIndex}" data-policy="${i}">Copy</button></div>` +
      `<pre class="policy" data-policy-json>${esc(pretty(p.document))}</pre>`,
  );
  return [
    `<div class="recommendation" data-recommendation="${recIndex}">`,
    `<h4>Recommended policy</h4><p>${esc(rec.summary)}</p>`,
    `<div class="checks">${checkBadge(rec.checks.withinCurrent, "within current permissions")}`,
    `${checkBadge(rec.checks.coversObserved, "covers observed activity")}${risks}</div>`,
    ...policies,
    list("Observed actions", rec.observedActions),
    list("Removed actions", rec.removedActions),
    list("Unobservable actions (CloudTrail cannot show them)", rec.unobservableActions),
    list("Unobservable actions kept", rec.unobservableKept),
    list("Inferred actions (added without being seen)", rec.inferredActions),
    list(
      "Observed calls the current policies do not allow",
      rec.notAllowed.map((n) => `${n.action} on ${n.resource}`),
    ),
    `<details><summary>Terraform</summary><pre>${esc(rec.terraform)}</pre></details>`,
    `<details><summary>CloudFormation</summary><pre>${esc(rec.cloudformation)}</pre></details>`,
    diffBlock(report, principal, rec),
    `</div>`,
  ].join("");
}
