import { collapseUnchanged, diffLines } from "../diff.js";
import type { Plan, Report, ReportPrincipal, ReportRecommendation } from "../schema.js";
import { checkBadge, esc, num, pretty } from "./markup.js";
import { detailsText, type HtmlOptions, PACK_ABOVE } from "./packed.js";
import { documentAnchor, recommendationAnchor } from "./shared-documents.js";

/**
 * A diff longer than this is cut: an AWS managed policy replaced by a small one would otherwise
 * put thousands of removed lines in the file for every principal it is attached to.
 */
const MAX_DIFF_ROWS = 600;

/** The documents as one text, each under a `# source` line so the diff shows where a line comes from. */
function documentsText(docs: readonly { source: string; text: string }[]): string[] {
  return docs.flatMap(({ source, text }) => [`# ${source}`, ...text.split("\n")]);
}

export function currentDocuments(report: Report, principal: ReportPrincipal) {
  return principal.policySources.map((source) => ({
    source,
    document: report.policies[source] ?? "(document not in the report)",
  }));
}

/** `texts`: the recommended documents pretty-printed, as the page shows them above the diff. */
function diffBlock(
  report: Report,
  principal: ReportPrincipal,
  rec: ReportRecommendation,
  texts: readonly string[],
  options: HtmlOptions,
): string {
  const current = currentDocuments(report, principal);
  const before = documentsText(current.map(({ source, document }) => ({ source, text: pretty(document) })));
  const after = documentsText(rec.policies.map((p, i) => ({ source: p.name, text: texts[i]! })));
  const rows = collapseUnchanged(diffLines(before, after));
  // One line per row, its class told by its first characters: the page's script reads packed
  // diffs back the same way.
  const lines = rows.slice(0, MAX_DIFF_ROWS).map((row) => {
    if (row.op === "skip") return { cls: "skip", line: `⋯ ${num(row.count)} unchanged lines` };
    const cls = row.op === "-" ? "del" : row.op === "+" ? "add" : row.text.startsWith("# ") ? "file" : "ctx";
    return { cls, line: `${row.op} ${row.text}` };
  });
  if (rows.length > MAX_DIFF_ROWS)
    lines.push({
      cls: "skip",
      line: `⋯ ${num(rows.length - MAX_DIFF_ROWS)} more diff lines (see report.json)`,
    });
  const added = rows.filter((r) => r.op === "+").length;
  const removed = rows.filter((r) => r.op === "-").length;
  const counts = `<span class="badge fail">−${num(removed)}</span> <span class="badge ok">+${num(added)}</span> lines of pretty-printed JSON`;
  const text = lines.map((l) => l.line).join("\n");
  const heading = `<h4>Diff: current → recommended</h4>`;
  if (options.pack && text.length >= PACK_ABOVE)
    return heading + detailsText(options, counts, text, `class="diff" data-diff`);
  return [
    heading,
    `<p class="meta">${counts}</p>`,
    `<pre class="diff" data-diff>${lines.map((l) => `<span class="${l.cls}">${esc(l.line)}</span>`).join("")}</pre>`,
  ].join("");
}

function list(options: HtmlOptions, title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return detailsText(options, `${title} (${num(items.length)})`, items.join("\n"));
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The IaC of the recommendation, or, when its plan creates the same documents, a link to the
 * plan: the plan's IaC creates them too and also makes the rest of the change.
 */
function iac(rec: ReportRecommendation, plan: Plan | undefined, options: HtmlOptions): string {
  if (plan)
    return (
      `<p class="meta">Terraform and CloudFormation that create these policies and make the whole change ` +
      `(attach, detach, delete inline) are in its plan: <a href="#${esc(plan.id)}">${esc(plan.id)}</a>.</p>`
    );
  return (
    detailsText(options, "Terraform", rec.terraform) +
    detailsText(options, "CloudFormation", rec.cloudformation)
  );
}

/**
 * The recommended policies (with Copy buttons), their proofs, IaC snippets (or a link to the plan
 * whose IaC applies them: `plan`) and the diff, in pieces a document at a time: a recommendation
 * of dozens of policies is megabytes of markup.
 */
export function* recommendationPieces(
  report: Report,
  principal: ReportPrincipal,
  rec: ReportRecommendation,
  recIndex: number,
  plan: Plan | undefined,
  options: HtmlOptions = {},
): Generator<string> {
  const risks = Object.entries(rec.removedRisks)
    .map(([risk, actions]) => `<span class="badge fail">removes ${num(actions.length)} ${esc(risk)}</span>`)
    .join(" ");
  const unobservable = "Unobservable actions (CloudTrail cannot show them)";
  // Usually every unobservable action is kept: the same list twice would say nothing more.
  const kept = sameList(rec.unobservableActions, rec.unobservableKept)
    ? list(options, `${unobservable}, all kept`, rec.unobservableActions)
    : list(options, unobservable, rec.unobservableActions) +
      list(options, "Unobservable actions kept", rec.unobservableKept);
  yield [
    `<div class="recommendation" id="${recommendationAnchor(recIndex)}">`,
    `<h4>Recommended policy</h4><p>${esc(rec.summary)}</p>`,
    `<div class="checks">${checkBadge(rec.checks.withinCurrent, "within current permissions")}`,
    `${checkBadge(rec.checks.coversObserved, "covers observed activity")}${risks}</div>`,
  ].join("");
  // Printed once for the page and the diff both: a large recommendation's documents are megabytes.
  const texts = rec.policies.map((p) => pretty(p.document));
  for (let i = 0; i < rec.policies.length; i++) {
    const p = rec.policies[i]!;
    yield `<div class="policy-head" id="${documentAnchor(recIndex, i)}"><span class="name mono">${esc(p.name)}</span>` +
      `<button type="button" class="copy">Copy</button></div>` +
      `<pre class="policy" data-policy-json>${esc(texts[i]!)}</pre>`;
  }
  yield [
    list(options, "Observed actions", rec.observedActions),
    list(options, "Removed actions", rec.removedActions),
    kept,
    list(options, "Inferred actions (added without being seen)", rec.inferredActions),
    list(
      options,
      "Observed calls the current policies do not allow",
      rec.notAllowed.map((n) => `${n.action} on ${n.resource}`),
    ),
    iac(rec, plan, options),
    diffBlock(report, principal, rec, texts, options),
    `</div>`,
  ].join("");
}
