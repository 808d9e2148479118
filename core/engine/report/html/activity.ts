import type { Report } from "../schema.js";
import { esc, num } from "./markup.js";

/** What the activity sources held and what Whittle could not use: unmapped events are never dropped in silence. */
export function activitySection(report: Report): string {
  const { activity, sources } = report;
  const table = (head: string, rows: string[][]) =>
    rows.length === 0
      ? `<p class="empty">None.</p>`
      : `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows
          .map((r) => `<tr>${r.join("")}</tr>`)
          .join("")}</tbody></table></div>`;
  const unmapped = activity.unmapped.map((u) => [
    `<td class="mono">${esc(u.eventSource)}</td>`,
    `<td class="mono">${esc(u.eventName)}</td>`,
    `<td class="num">${num(u.count)}</td>`,
    `<td>${esc(u.reason)}</td>`,
  ]);
  const ignored = activity.ignored.map((u) => [
    `<td class="mono">${esc(u.eventSource)}</td>`,
    `<td class="mono">${esc(u.eventName)}</td>`,
    `<td class="num">${num(u.count)}</td>`,
    `<td>${esc(u.class)}</td>`,
  ]);
  const warnings = sources.warnings.length
    ? `<ul id="warnings">${sources.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`
    : `<p class="empty">None.</p>`;
  return [
    `<section class="block" id="activity"><h2>Activity and sources</h2>`,
    `<p class="meta"><strong>${num(activity.events)}</strong> events in the window, `,
    `<strong>${num(activity.outsideWindow)}</strong> outside it.</p>`,
    `<div class="grid2"><div><h4>Unmapped events</h4>`,
    table('<th>Source</th><th>Event</th><th class="num">Count</th><th>Reason</th>', unmapped),
    `</div><div><h4>Ignored events</h4>`,
    table('<th>Source</th><th>Event</th><th class="num">Count</th><th>Class</th>', ignored),
    `</div></div><h4>Warnings</h4>${warnings}</section>`,
  ].join("");
}
