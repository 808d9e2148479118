import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../../core/engine/report/render-markdown.js";
import type { ReportFinding } from "../../../core/engine/report/schema.js";
import { reportFixture } from "../../fixtures/report-fixture.js";

// Lines were added to report.md's findings with push(...lines): one call argument per line, and
// past about 120,000 of them (a large account's low findings) the call overflowed the stack and
// the run ended without its reports.
test("report.md lists 200,000 findings of one severity, one line each", () => {
  const report = reportFixture();
  const principal = report.principals[0]!;
  const findings = Array.from(
    { length: 200_000 },
    (_, i): ReportFinding => ({
      id: i.toString(16).padStart(24, "0"),
      kind: "unused-role",
      severity: "low",
      principalArn: principal.arn,
      title: `unused ${i}`,
      detail: "",
      evidence: {},
      remediation: "",
    }),
  );
  report.findings = findings;
  const md = renderMarkdown(report);
  assert.match(md, /### Low \(200,000\)/);
  assert.equal(md.match(/\(unused-role\): unused \d+/g)?.length, findings.length);
});
