import assert from "node:assert/strict";
import { test } from "node:test";
import { escapeMarkdown } from "../../../core/engine/report/escape.js";
import { markdownPieces } from "../../../core/engine/report/render-markdown.js";
import type { Report, ReportFinding } from "../../../core/engine/report/schema.js";
import { reportFixture } from "../../fixtures/report-fixture.js";

const EMOJI = "\u{1F600}";

/** A report whose findings are `count` low findings of its first principal, none about a policy statement. */
function withFindings(count: number, title = (i: number) => `unused ${i}`): Report {
  const report = reportFixture();
  const principal = report.principals[0]!;
  report.findings = Array.from(
    { length: count },
    (_, i): ReportFinding => ({
      id: i.toString(16).padStart(24, "0"),
      kind: "unused-role",
      severity: "low",
      principalArn: principal.arn,
      title: title(i),
      detail: "",
      evidence: {},
      remediation: "",
    }),
  );
  return report;
}

/** The findings section as written whole: its heading, then one line per finding, lines joined by newlines. */
function expectedSection(report: Report): string {
  const name = escapeMarkdown(report.principals[0]!.name);
  const lines = ["", "## Findings"];
  if (report.findings.length === 0) lines.push("", "No findings.");
  else {
    lines.push("", `### Low (${report.findings.length.toLocaleString("en-US")})`, "");
    for (const f of report.findings) lines.push(`- **${name}** (${f.kind}): ${escapeMarkdown(f.title)}`);
  }
  return lines.join("\n");
}

function findingsSection(markdown: string): string {
  const start = markdown.indexOf("\n\n## Findings\n");
  const end = markdown.indexOf("\n\n## Recommendations\n");
  assert.ok(start >= 0 && end > start, "report.md has its findings, then its recommendations");
  return markdown.slice(start + 1, end);
}

for (const count of [0, 1, 255, 256, 257, 513, 5000]) {
  test(`report.md's findings section in pieces is the section written whole (${count} findings)`, () => {
    const report = withFindings(count);
    assert.equal(findingsSection([...markdownPieces(report)].join("")), expectedSection(report));
  });
}

test("multi-byte titles across many pieces join to the section written whole", () => {
  const report = withFindings(3000, (i) => `${EMOJI.repeat(i % 5)} é—✓ ${i} 名前${EMOJI}`);
  const pieces = [...markdownPieces(report)];
  assert.equal(findingsSection(pieces.join("")), expectedSection(report));
  // Every piece ends and starts between whole lines: never half of a surrogate pair.
  for (const piece of pieces) {
    assert.ok(!/[\uD800-\uDBFF]$/.test(piece) && !/^[\uDC00-\uDFFF]/.test(piece));
  }
});

test("100,000 findings come in pieces of a few hundred lines, not one string of megabytes", () => {
  const report = withFindings(100_000);
  const pieces = [...markdownPieces(report)];
  const longest = Math.max(...pieces.map((p) => p.length));
  assert.ok(longest < 64_000, `the longest piece holds ${longest} characters`);
  assert.equal(findingsSection(pieces.join("")), expectedSection(report));
});
