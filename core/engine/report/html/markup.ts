import type { Severity } from "../../findings/types.js";
import { escapeHtml } from "../escape.js";
import type { Report } from "../schema.js";

/** Small pieces of markup the sections share. Every argument that is account data is escaped here. */

export const esc = escapeHtml;

export const num = (n: number): string => n.toLocaleString("en-US");

/** `2026-11-22T00:00:00.000Z` → `2026-11-22 00:00 UTC`; anything else is shown as given. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "never";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export const severityBadge = (s: Severity): string => `<span class="badge ${s}">${s}</span>`;

export const checkBadge = (ok: boolean, label: string): string =>
  `<span class="badge ${ok ? "ok" : "fail"}">${ok ? "✓" : "✗"} ${esc(label)}</span>`;

/**
 * Anchor ids by principal ARN. Ids are positional (`principal-3`), never derived from names,
 * so no account text ever reaches an id or a fragment link.
 */
export function principalAnchors(report: Report): Map<string, string> {
  return new Map(report.principals.map((p, i) => [p.arn, `principal-${i}`]));
}

/** A link to the principal's section when it has one, its escaped ARN otherwise. */
export function principalLink(
  anchors: Map<string, string>,
  names: Map<string, string>,
  arn: string | undefined,
): string {
  if (!arn) return `<span class="empty">account</span>`;
  const id = anchors.get(arn);
  const name = names.get(arn);
  if (!id || name === undefined) return `<span class="arn">${esc(arn)}</span>`;
  return `<a href="#${id}">${esc(name)}</a>`;
}

export const pretty = (value: unknown): string => JSON.stringify(value, null, 2) ?? "null";
