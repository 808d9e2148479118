import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOrgHtml } from "../../../core/engine/organization/render-html.js";
import { orgReportFixture } from "./org-fixture.js";

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "rtl\u202Egnp.exe\u2066x\u2069\u0007";
const SHOWN = "rtl\uFFFDgnp.exe\uFFFDx\uFFFD\uFFFD";

test("org-report.html's embedded report holds account text as its markup shows it: bidirectional and control characters as U+FFFD", async () => {
  const report = await orgReportFixture();
  const [first, ...rest] = report.accounts;
  const hostile = {
    ...report,
    accounts: [{ ...first!, name: `${HOSTILE} account` }, ...rest],
    warnings: [...report.warnings, `${HOSTILE} warning`],
  };
  const html = renderOrgHtml(hostile);
  assert.doesNotMatch(html, BIDI);
  const block = /<script type="application\/json" id="org-report">([^<]*)<\/script>/.exec(html);
  assert.ok(block, "the page embeds the report");
  const embedded = JSON.parse(block[1]!) as typeof report;
  assert.equal(embedded.accounts[0]!.name, `${SHOWN} account`);
  assert.ok(embedded.warnings.includes(`${SHOWN} warning`));
  // The markup shows the same text.
  assert.ok(html.includes(`<td>${SHOWN} account</td>`));
  // Everything else as the report has it.
  assert.deepEqual(
    { ...embedded, accounts: embedded.accounts.slice(1), warnings: report.warnings },
    {
      ...report,
      accounts: rest,
    },
  );
});
