import { SEVERITIES } from "../../findings/types.js";
import { countByKind, type PrincipalRisk, principalRisks, topPrincipals } from "../ranking.js";
import type { Report } from "../schema.js";
import { barChart, grantedUsedChart } from "./charts.js";
import { esc, num, principalAnchors, when } from "./markup.js";

/** How many principals the summary ranks and charts; the per-principal sections list them all. */
const TOP = 10;
const CHART_PRINCIPALS = 12;

function cards(report: Report): string {
  const { summary } = report;
  const card = (cls: string, n: number, label: string) =>
    `<div class="card ${cls}"><span class="n">${num(n)}</span><span class="l">${label}</span></div>`;
  return `<div class="cards" id="severity-cards">${SEVERITIES.map((s) => card(s, summary.findings[s], s)).join("")}</div>
<div class="cards stats">${[
    card("neutral", summary.principals, "principals"),
    card("neutral", summary.recommendations, "recommendations"),
    card("neutral", summary.events, "events"),
    card("neutral", summary.suppressed, "suppressed"),
  ].join("")}</div>`;
}

function meta(report: Report): string {
  const account = report.alias ? `${report.accountId} (${report.alias})` : report.accountId;
  const activity = report.sources.activity.length ? report.sources.activity.map(esc).join(", ") : "none";
  return [
    `<p class="meta">Account <strong>${esc(account)}</strong> · window <strong>${when(report.window.start)}</strong> → `,
    `<strong>${when(report.window.end)}</strong> (${report.window.days} days) · generated ${when(report.generatedAt)}<br>`,
    `Snapshot: ${esc(report.sources.snapshot)} · activity: ${activity}</p>`,
  ].join("");
}

function topTable(report: Report, risks: readonly PrincipalRisk[]): string {
  const anchors = principalAnchors(report);
  const rows = topPrincipals(report, TOP, risks).map((r) => {
    const f = r.findings;
    const counts = SEVERITIES.filter((s) => f[s] > 0)
      .map((s) => `<span class="badge ${s}">${f[s]} ${s}</span>`)
      .join(" ");
    const action = r.unused
      ? "unused: delete"
      : r.recommendation
        ? esc(r.recommendation.summary)
        : `<span class="empty">no recommendation</span>`;
    return [
      `<tr><td><a href="#${anchors.get(r.principal.arn)}">${esc(r.principal.name)}</a>`,
      ` <span class="badge">${r.principal.type}</span></td><td>${counts || "—"}</td>`,
      `<td class="num">${num(r.removableActions)}</td><td class="num">${num(r.riskyActions)}</td><td>${action}</td></tr>`,
    ].join("");
  });
  if (rows.length === 0) return `<p class="empty">No principal has open findings or removable actions.</p>`;
  return [
    `<div class="table-wrap"><table id="top-principals"><thead><tr><th>Principal</th><th>Open findings</th>`,
    `<th class="num">Removable actions</th><th class="num">Risky removable</th><th>Recommendation</th></tr></thead>`,
    `<tbody>${rows.join("")}</tbody></table></div>`,
  ].join("");
}

function charts(report: Report): string {
  const severity = barChart(
    "Open findings by severity",
    SEVERITIES.map((s) => ({ label: s, value: report.summary.findings[s], className: `bar-${s}` })),
  );
  const kinds = barChart(
    "Open findings by kind",
    countByKind(report.findings).map(([kind, value]) => ({ label: kind, value, className: "bar-kind" })),
  );
  const pairs = [...report.principals]
    .filter((p) => p.grantedActions > 0)
    .sort((a, b) => b.grantedActions - b.observedActions - (a.grantedActions - a.observedActions))
    .slice(0, CHART_PRINCIPALS)
    .map((p) => ({ label: p.name, granted: p.grantedActions, used: p.observedActions }));
  const usage = grantedUsedChart("Granted vs used actions per principal", pairs);
  const figure = (id: string, caption: string, body: string, extra = "") =>
    `<figure class="chart" id="${id}"><figcaption>${caption}</figcaption>${body}${extra}</figure>`;
  return `<div class="charts">${[
    figure("chart-severity", "Open findings by severity", severity),
    figure("chart-kind", "Open findings by kind", kinds),
    figure(
      "chart-usage",
      "Granted vs used actions (largest gaps)",
      usage,
      `<div class="legend"><span><i class="granted"></i>granted</span><span><i class="used"></i>used in window</span><span>square-root scale</span></div>`,
    ),
  ].join("")}</div>`;
}

/** The part a reader sees first, and all of it works without JavaScript. */
export function summarySection(
  report: Report,
  risks: readonly PrincipalRisk[] = principalRisks(report),
): string {
  return [
    `<section class="block" id="summary"><h2>Summary</h2>`,
    meta(report),
    cards(report),
    `<h4>Top principals by removable risk</h4>`,
    topTable(report, risks),
    charts(report),
    `</section>`,
  ].join("");
}
