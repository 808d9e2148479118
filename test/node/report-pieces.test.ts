import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { htmlPieces, renderHtml } from "../../core/engine/report/render-html.js";
import { markdownPieces, renderMarkdown } from "../../core/engine/report/render-markdown.js";
import type { Report, ReportFinding } from "../../core/engine/report/schema.js";
import { packText } from "../../core/node/html-pack.js";
import { writePieces } from "../../core/node/piece-writer.js";
import { largeReportFixture } from "../fixtures/large-report.js";
import { reportFixture } from "../fixtures/report-fixture.js";
import { reportWithPlans } from "../fixtures/report-with-plans.js";

const EMOJI = "\u{1F600}";

async function written(pieces: Iterable<string>, bytes: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-pieces-"));
  try {
    await writePieces(join(dir, "out"), pieces, bytes);
    return readFileSync(join(dir, "out"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function emptyReport(): Report {
  const report = reportFixture();
  report.findings = [];
  report.principals = [];
  report.recommendations = [];
  report.plans = [];
  return report;
}

/** Many findings and principals, their text multi-byte (surrogate pairs too) so pieces and buffers end inside it. */
function multiByteReport(): Report {
  const report = largeReportFixture(600, 4);
  report.findings = report.findings.map(
    (f, i): ReportFinding => ({
      ...f,
      title: `${EMOJI.repeat(1 + (i % 3))}é—✓ ${i} 名前`,
      detail: "ü".repeat(i % 97),
    }),
  );
  for (const [i, p] of report.principals.entries()) p.name = `${EMOJI}app-${i}-名前`;
  return report;
}

const reports: [string, () => Report][] = [
  ["an empty report", emptyReport],
  ["one finding", () => ({ ...reportFixture(), findings: reportFixture().findings.slice(0, 1) })],
  ["the fixture with plans", reportWithPlans],
  ["many multi-byte findings", multiByteReport],
];

for (const [name, make] of reports) {
  test(`report.html and report.md written in pieces are the whole texts' UTF-8: ${name}`, async () => {
    const report = make();
    const html = Buffer.from(renderHtml(report, { pack: packText }), "utf8");
    const md = Buffer.from(renderMarkdown(report), "utf8");
    for (const bytes of [61, 1 << 20]) {
      assert.deepEqual(await written(htmlPieces(report, { pack: packText }), bytes), html, `html, ${bytes}`);
      assert.deepEqual(await written(markdownPieces(report), bytes), md, `md, ${bytes}`);
    }
  });
}
