import assert from "node:assert/strict";
import { test } from "node:test";
import { principalNames } from "../../../core/engine/report/principal-names.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { ARNS, reportFixture } from "../../fixtures/report-fixture.js";

test("principal names by ARN are the ones a scan of the report's principals finds first", () => {
  const report = reportFixture();
  const names = principalNames(report);
  for (const p of report.principals)
    assert.equal(names.get(p.arn), report.principals.find((q) => q.arn === p.arn)!.name);
  assert.equal(names.size, new Set(report.principals.map((p) => p.arn)).size);
  const twice = {
    ...report,
    principals: [...report.principals, { ...report.principals[0]!, name: "later" }],
  } as Report;
  assert.equal(principalNames(twice).get(report.principals[0]!.arn), report.principals[0]!.name);
  assert.equal(names.get(`${ARNS.alice}-missing`), undefined);
});
