import assert from "node:assert/strict";
import { test } from "node:test";
import { embedJson } from "../../../core/engine/report/escape.js";
import { pageData, pageDataPieces, staticPrincipals } from "../../../core/engine/report/html/page-data.js";
import type { Report, ReportFinding } from "../../../core/engine/report/schema.js";
import { largeReportFixture } from "../../fixtures/large-report.js";
import { reportFixture } from "../../fixtures/report-fixture.js";

/** The page data as the pieces write it, beside the whole object's JSON, escaped at once. */
function both(report: Report): { pieces: string[]; whole: string } {
  const rendered = staticPrincipals(report);
  return { pieces: [...pageDataPieces(report, rendered)], whole: embedJson(pageData(report, rendered)) };
}

test("an empty report's page data in pieces is the whole page data's text", () => {
  const report = reportFixture();
  report.findings = [];
  report.principals = [];
  report.recommendations = [];
  report.plans = [];
  const { pieces, whole } = both(report);
  assert.equal(pieces.join(""), whole);
  assert.equal(whole, '{"texts":[],"findings":[],"names":[],"sections":[]}');
});

test("one finding's page data in pieces is the whole page data's text", () => {
  const report = reportFixture();
  report.findings = report.findings.slice(0, 1);
  const { pieces, whole } = both(report);
  assert.equal(pieces.join(""), whole);
  assert.equal(JSON.parse(whole).findings.length, 1);
});

test("the fixture's page data, hostile names and control characters included, in pieces is the whole text", () => {
  const { pieces, whole } = both(reportFixture());
  assert.equal(pieces.join(""), whole);
});

test("many findings' page data comes in pieces of tens of KB that join to the whole text", () => {
  const report = largeReportFixture(3000, 10);
  // Principals past the 200 rendered on the server, so the sections carry texts of their own.
  const { pieces, whole } = both(report);
  assert.equal(pieces.join(""), whole);
  assert.ok(pieces.length > 100, `${pieces.length} pieces`);
  // One item past the piece's size at most: never the whole data in one string.
  for (const piece of pieces) assert.ok(piece.length < 40_000, `a piece of ${piece.length} characters`);
});

test("multi-byte and escaped text across many pieces joins to the whole text", () => {
  const report = largeReportFixture(400, 5);
  const emoji = "\u{1F600}";
  report.findings = report.findings.map(
    (f, i): ReportFinding => ({
      ...f,
      title: `${emoji.repeat(i % 7)}é—✓ <${i}> & \u2028\u0085 ${emoji}`,
      detail: `${"ü".repeat(i % 300)}${emoji}`,
    }),
  );
  report.principals[250]!.name = `名前${emoji}`;
  const { pieces, whole } = both(report);
  assert.ok(pieces.length > 10);
  assert.equal(pieces.join(""), whole);
  for (const c of ["<", ">", "&", "\u2028", "\u0085"]) assert.equal(whole.indexOf(c), -1);
  assert.deepEqual(JSON.parse(whole), pageData(report, staticPrincipals(report)));
});
