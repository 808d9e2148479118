import { coverageRows, NAMES_SHOWN, unknownUsage } from "../coverage-rows.js";
import type { Report } from "../schema.js";
import { esc, num } from "./markup.js";

/** What each activity source really covered, and which principals' usage the evidence cannot tell. */
export function coverageSection(report: Report): string {
  const rows = coverageRows(report).map(
    (r) =>
      `<tr><td>${esc(r.source)}</td><td class="num">${num(r.records)}</td>` +
      `<td>${esc(r.span)}</td><td class="mono">${esc(r.regions)}</td><td class="mono">${esc(r.accounts)}</td>` +
      `<td class="num">${num(r.failures)}</td><td>${esc(r.gaps)}</td>` +
      `<td>${r.complete ? '<span class="badge ok">complete</span>' : '<span class="badge fail">incomplete</span>'}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? `<p class="empty">No activity source coverage recorded.</p>`
      : `<div class="table-wrap"><table id="coverage-table"><thead><tr><th>Source</th><th class="num">Records</th><th>Span</th>` +
        `<th>Regions</th><th>Accounts</th><th class="num">Failures</th><th>Gaps</th><th>Complete</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table></div>`;
  const unknown = unknownUsage(report).map((u) => {
    const more = u.names.length > NAMES_SHOWN ? `, and ${num(u.names.length - NAMES_SHOWN)} more` : "";
    return `<li><strong>${esc(u.reason)}</strong> (${num(u.names.length)}): ${u.names.slice(0, NAMES_SHOWN).map(esc).join(", ")}${more}</li>`;
  });
  const usage =
    unknown.length === 0
      ? ""
      : `<h4>Usage unknown (never reported unused)</h4><ul id="unknown-usage">${unknown.join("")}</ul>`;
  return `<section class="block" id="coverage"><h2>Evidence coverage</h2>${table}${usage}</section>`;
}
