import { coverageRows, NAMES_SHOWN, unknownUsage } from "./coverage-rows.js";
import { escapeMarkdown as md } from "./escape.js";
import type { Report } from "./schema.js";

const num = (n: number) => n.toLocaleString("en-US");

/** What each activity source really covered, and which principals' usage the evidence cannot tell. */
export function coverageMarkdown(report: Report): string[] {
  const rows = coverageRows(report);
  const unknown = unknownUsage(report);
  if (rows.length === 0 && unknown.length === 0) return [];
  const out = ["", "## Evidence coverage"];
  if (rows.length > 0)
    out.push(
      "",
      "| Source | Records | Span | Regions | Accounts | Failures | Gaps | Complete |",
      "| --- | ---: | --- | --- | --- | ---: | --- | --- |",
      ...rows.map(
        (r) =>
          `| ${md(r.source)} | ${num(r.records)} | ${r.span} | ${md(r.regions)} | ${md(r.accounts)} | ${num(r.failures)} | ${md(r.gaps)} | ${r.complete ? "yes" : "**no**"} |`,
      ),
    );
  if (unknown.length > 0) {
    out.push("", "Usage unknown (never reported unused):", "");
    for (const u of unknown) {
      const more = u.names.length > NAMES_SHOWN ? `, and ${num(u.names.length - NAMES_SHOWN)} more` : "";
      out.push(
        `- **${md(u.reason)}** (${num(u.names.length)}): ${u.names.slice(0, NAMES_SHOWN).map(md).join(", ")}${more}`,
      );
    }
  }
  return out;
}
