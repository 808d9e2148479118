import assert from "node:assert/strict";
import { test } from "node:test";
import { renderSummary } from "../../../core/engine/report/render-summary.js";
import { reportFixture } from "../../fixtures/report-fixture.js";

const ESC = "\u001b";

test("without colour the summary is plain text", () => {
  const text = renderSummary(reportFixture(), { color: false });
  assert.equal(text.indexOf(ESC), -1);
  assert.ok(text.endsWith("\n"));
});

test("with colour, severities and headings carry ANSI codes", () => {
  const text = renderSummary(reportFixture(), { color: true });
  assert.ok(text.includes(`${ESC}[1;35mcritical `));
  assert.ok(text.includes(`${ESC}[1mFindings by severity${ESC}[0m`));
});

test("it counts findings by severity and by kind, open ones only", () => {
  const text = renderSummary(reportFixture(), { color: false });
  assert.match(text, /^ {2}critical {6}3 /m);
  assert.match(text, /^ {2}info {10}2 /m);
  assert.match(text, /17 open findings \(1 suppressed\)/);
  assert.match(text, /^ {2}admin-access +1$/m);
  assert.doesNotMatch(text, /unused-access-key/, "the only unused-access-key finding is suppressed");
});

test("it ranks principals by removable risk and says where the recommendations are", () => {
  const text = renderSummary(reportFixture(), { color: false, outDir: "whittle-report/" });
  const top = text.slice(text.indexOf("Top principals"), text.indexOf("Recommendations"));
  const names = top
    .split("\n")
    .slice(2, -2)
    .map((l) => l.trim().split(/\s{2,}/)[0]);
  assert.deepEqual(names.slice(0, 3), ["ci-deployer", "<img src=x onerror=alert(1)>", "alice"]);
  assert.match(top, /ci-deployer +role +1 +1 +1 +0 +142 +2/);
  assert.ok(
    text.includes("→ policies/whittle-app-orders-api-1.json, policies/whittle-app-orders-api-2.json"),
  );
  assert.ok(text.includes("Reports: whittle-report/report.html"));
});

test("control characters in account text cannot reach the terminal", () => {
  const report = reportFixture();
  report.principals[1]!.name = `evil${ESC}]0;pwned\u0007${ESC}[2J`;
  const text = renderSummary(report, { color: false });
  assert.equal(text.indexOf(ESC), -1);
  assert.equal(text.indexOf("\u0007"), -1);
  assert.ok(text.includes("evil\uFFFD]0;pwned\uFFFD\uFFFD[2J"));
});

test("bidirectional controls in account text cannot reorder what the terminal shows", () => {
  const report = reportFixture();
  // Shown as "rtlexe.png" with the override in place.
  report.principals[1]!.name = "rtl\u202Egnp.exe\u2066x\u2069\u200f";
  const text = renderSummary(report, { color: false });
  assert.doesNotMatch(text, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  assert.ok(text.includes("rtl\uFFFDgnp.exe\uFFFDx\uFFFD\uFFFD"));
});
