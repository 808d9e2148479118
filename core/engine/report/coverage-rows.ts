import type { Report } from "./schema.js";

/** One activity source's coverage as the renderers show it, every cell plain text. */
export interface CoverageRow {
  source: string;
  records: number;
  span: string;
  regions: string;
  accounts: string;
  failures: number;
  gaps: string;
  complete: boolean;
}

/** Principals whose usage is unknown, by reason: the verdicts the evidence could not give. */
export interface UnknownUsage {
  reason: string;
  names: string[];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");
const list = (values: readonly string[]) => (values.length === 0 ? "none" : values.join(", "));

/** report.json `coverage[]`, one row per source; none for reports written before it existed. */
export function coverageRows(report: Report): CoverageRow[] {
  return (report.coverage ?? []).map((c) => {
    const missing = (c.gaps ?? []).reduce((n, g) => n + g.days.length, 0);
    const where = (c.gaps ?? []).map((g) => `${g.account}/${g.region}`);
    return {
      source: c.source,
      records: c.records,
      span: c.start ? `${day(c.start)} → ${day(c.end)}` : "no record",
      regions: list(c.regions),
      accounts: list(c.accounts),
      failures: c.failures.length + c.moreFailures,
      gaps:
        missing === 0 ? "none" : `${missing} day${missing === 1 ? "" : "s"} missing (${where.join(", ")})`,
      complete: c.complete,
    };
  });
}

export function unknownUsage(report: Report): UnknownUsage[] {
  const byReason = new Map<string, string[]>();
  for (const p of report.principals) {
    if (p.usage !== "unknown") continue;
    const reason = p.usageReason ?? "no reason recorded";
    byReason.set(reason, [...(byReason.get(reason) ?? []), p.name]);
  }
  return [...byReason]
    .map(([reason, names]) => ({ reason, names }))
    .sort((a, b) => b.names.length - a.names.length);
}

/** Names listed per unknown reason; the principals' sections have the rest. */
export const NAMES_SHOWN = 10;
