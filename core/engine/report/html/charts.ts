import { escapeHtml } from "../escape.js";

/**
 * Charts as inline SVG drawn on the server: they show without JavaScript and without any chart
 * library. Colours come from CSS classes, never from `style` attributes, which the page's
 * Content-Security-Policy does not allow.
 */

export interface Bar {
  label: string;
  value: number;
  /** CSS class of the bar (`bar-critical`, `bar-kind`, ...). */
  className: string;
}

const WIDTH = 520;
const ROW = 24;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 70;

const format = (n: number) => n.toLocaleString("en-US");

/** Truncates before escaping, so an entity is never cut in half. */
function label(text: string, max = 24): string {
  return escapeHtml(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

function svgOpen(height: number, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>`;
}

/** Horizontal bars, one per row, scaled to the largest value. */
export function barChart(title: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return `<p class="empty">Nothing to chart.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const rows = bars.map((b, i) => {
    const y = i * ROW;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * plot));
    return [
      `<g class="row"><title>${escapeHtml(`${b.label}: ${format(b.value)}`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${label(b.label)}</text>`,
      `<rect class="${b.className}" x="${LABEL_WIDTH}" y="${y + 4}" width="${w}" height="${ROW - 8}" rx="2"></rect>`,
      `<text class="value" x="${LABEL_WIDTH + w + 6}" y="${y + 16}">${format(b.value)}</text></g>`,
    ].join("");
  });
  return `${svgOpen(bars.length * ROW, title)}${rows.join("")}</svg>`;
}

export interface Pair {
  label: string;
  granted: number;
  used: number;
}

/**
 * Granted vs used actions per principal. Granted counts reach tens of thousands (an
 * administrator) while used counts are often single digits, so the bars share a square-root
 * scale: on a linear one every used bar would be invisible. The exact numbers are printed.
 */
export function grantedUsedChart(title: string, pairs: readonly Pair[]): string {
  if (pairs.length === 0) return `<p class="empty">No principal has granted actions.</p>`;
  const max = Math.sqrt(Math.max(1, ...pairs.map((p) => p.granted)));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 40;
  const scale = (n: number) => (n === 0 ? 0 : Math.max(2, Math.round((Math.sqrt(n) / max) * plot)));
  const rows = pairs.map((p, i) => {
    const y = i * ROW;
    const pct =
      p.granted === 0 ? "" : ` (${((p.used / p.granted) * 100).toFixed(p.used * 1000 < p.granted ? 2 : 1)}%)`;
    return [
      `<g class="row"><title>${escapeHtml(`${p.label}: ${format(p.used)} of ${format(p.granted)} granted actions used${pct}`)}</title>`,
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${label(p.label)}</text>`,
      `<rect class="bar-granted" x="${LABEL_WIDTH}" y="${y + 4}" width="${scale(p.granted)}" height="${ROW - 8}" rx="2"></rect>`,
      `<rect class="bar-used" x="${LABEL_WIDTH}" y="${y + 8}" width="${scale(p.used)}" height="${ROW - 16}" rx="1"></rect>`,
      `<text class="value" x="${LABEL_WIDTH + scale(p.granted) + 6}" y="${y + 16}">${format(p.used)} / ${format(p.granted)}</text></g>`,
    ].join("");
  });
  return `${svgOpen(pairs.length * ROW, title)}${rows.join("")}</svg>`;
}
