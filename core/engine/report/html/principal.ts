import { SEVERITIES } from "../../findings/types.js";
import { type PrincipalRisk, principalRisks } from "../ranking.js";
import type { Report, ReportFinding } from "../schema.js";
import { esc, num, pretty, principalAnchors, severityBadge, when } from "./markup.js";
import { detailsText, type HtmlOptions } from "./packed.js";
import { STATIC_PRINCIPALS } from "./page-data.js";
import { recommendationPieces } from "./recommendation.js";
import { type SharedDocuments, sharedDocuments } from "./shared-documents.js";

function findingItem(f: ReportFinding, options: HtmlOptions): string {
  const suppressed = f.suppressed
    ? ` <span class="badge suppressed">suppressed: ${esc(f.suppressed.reason)}</span>`
    : "";
  // Inline and trust policies have no ARN: their source names them.
  const policy = f.policyArn ?? f.policySource;
  const where = policy
    ? `<p class="arn">${esc(policy)}${f.statementIndex === undefined ? "" : ` · statement ${f.statementIndex}`}</p>`
    : "";
  return [
    `<li class="${f.severity}">${severityBadge(f.severity)} <span class="kind">${f.kind}</span>${suppressed}`,
    `<p><strong>${esc(f.title)}</strong></p><p>${esc(f.detail)}</p>${where}`,
    `<p class="remediation">${esc(f.remediation)}</p>`,
    `${detailsText(options, "Evidence", pretty(f.evidence))}</li>`,
  ].join("");
}

/** Rows of the principal index per piece. */
const INDEX_ROWS = 64;

function planOf(report: Report, shared: SharedDocuments, rec: number) {
  const plan = shared.planOf.get(rec);
  return plan === undefined ? undefined : report.plans[plan];
}

const bySeverity = (a: ReportFinding, b: ReportFinding) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);

/**
 * The principal index, and a section per principal (facts, findings with evidence, recommendation
 * and diff, or its current policies) for those in `rendered`; the page's script builds the other
 * sections from the page data when a link leads to one. Yielded a section at a time: together they
 * reach tens of megabytes.
 */
export function* principalsSection(
  report: Report,
  rendered: ReadonlySet<string>,
  risks: readonly PrincipalRisk[] = principalRisks(report),
  shared: SharedDocuments = sharedDocuments(report),
  options: HtmlOptions = {},
): Generator<string> {
  const anchors = principalAnchors(report);
  const recIndex = new Map(report.recommendations.map((r, i) => [r.principalArn, i]));
  const row = (r: PrincipalRisk) =>
    `<tr><td><a href="#${anchors.get(r.principal.arn)}">${esc(r.principal.name)}</a></td><td>${r.principal.type}</td>` +
    `<td>${when(r.principal.lastUsed)}</td><td class="num">${num(r.principal.grantedActions)}</td>` +
    `<td class="num">${num(r.principal.observedActions)}</td><td class="num">${num(r.principal.findings)}</td>` +
    `<td>${r.recommendation ? "yes" : "—"}</td></tr>`;
  const byPrincipal = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (f.principalArn && rendered.has(f.principalArn)) {
      const list = byPrincipal.get(f.principalArn);
      if (list) list.push(f);
      else byPrincipal.set(f.principalArn, [f]);
    }
  }
  yield [
    `<section class="block" id="principals"><h2>Principals</h2>`,
    `<div class="table-wrap"><table id="principal-index"><thead><tr><th>Name</th><th>Type</th><th>Last used</th>`,
    `<th class="num">Granted</th><th class="num">Used</th><th class="num">Open findings</th><th>Recommendation</th></tr></thead>`,
    `<tbody>`,
  ].join("");
  // The index's rows a batch at a time: at thousands of principals, whole, they are megabytes.
  for (let start = 0; start < risks.length; start += INDEX_ROWS)
    yield risks
      .slice(start, start + INDEX_ROWS)
      .map(row)
      .join("");
  yield `</tbody></table></div>`;
  for (const p of report.principals) {
    if (!rendered.has(p.arn)) continue;
    const findings = (byPrincipal.get(p.arn) ?? []).sort(bySeverity);
    const i = recIndex.get(p.arn);
    const rec = i === undefined ? undefined : report.recommendations[i];
    const sources = p.policySources.length
      ? `<ul>${p.policySources.map((s) => `<li class="arn">${esc(s)}</li>`).join("")}</ul>`
      : `<p class="empty">No identity policy applies.</p>`;
    yield [
      `<section class="principal" id="${anchors.get(p.arn)}">`,
      `<div class="principal-head"><h3>${esc(p.name)}</h3><span class="badge">${p.type}</span></div>`,
      `<div class="arn">${esc(p.arn)}</div>`,
      `<div class="facts"><span>last used <b>${when(p.lastUsed)}</b></span>`,
      `<span>granted <b>${num(p.grantedActions)}</b> actions</span>`,
      `<span>used <b>${num(p.observedActions)}</b></span><span>open findings <b>${num(p.findings)}</b></span></div>`,
      `<h4>Findings</h4>`,
      findings.length
        ? `<ul class="findings">${findings.map((f) => findingItem(f, options)).join("")}</ul>`
        : `<p class="empty">None.</p>`,
      `<h4>Current policies</h4>${sources}`,
    ].join("");
    if (rec && i !== undefined)
      yield* recommendationPieces(report, p, rec, i, planOf(report, shared, i), options);
    else
      yield `<h4>Recommended policy</h4><p class="empty">No recommendation: Whittle recommends a policy only for a user or role with activity in the window and a proof that it is within current permissions and covers every observed call.</p>`;
    yield `</section>`;
  }
  yield [
    report.principals.length > rendered.size
      ? `<noscript><p class="empty">Sections for the ${STATIC_PRINCIPALS} riskiest principals are on this page; the others need JavaScript, and report.md and report.json describe them all.</p></noscript>`
      : "",
    `</section>`,
  ].join("");
}
