import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { STATIC_ROWS } from "../../core/engine/report/html/page-data.js";
import { renderHtml } from "../../core/engine/report/render-html.js";
import { largeReportFixture } from "../fixtures/large-report.js";
import { launchChromium, watchedPage } from "../helpers/chromium.js";

/**
 * report.html in a real headless Chromium: a finding about an inline or trust policy that names no
 * principal is shown, and found by the search, by that policy's source, in a row the server wrote
 * and in one the script builds.
 */

const report = largeReportFixture(STATIC_ROWS / 10 + 5, 10);
const ROLE = "arn:aws:iam::123456789012:role/orders";
/** Finding index → its policy: one among the rows the server writes, one past them. */
const SOURCES: [number, string][] = [
  [3, `${ROLE}#inline/queues`],
  [STATIC_ROWS + 5, `${ROLE}#trust`],
];
for (const [index, source] of SOURCES) {
  const { principalArn: _p, policyArn: _a, ...rest } = report.findings[index]!;
  report.findings[index] = { ...rest, policySource: source, title: `about policy ${index}` };
}

const work = mkdtempSync(join(tmpdir(), "whittle-policy-source-html-"));
let context: BrowserContext;
let page: Page;
let errors: string[];

before(async () => {
  assert.ok(report.findings.length > STATIC_ROWS + 5);
  writeFileSync(join(work, "report.html"), renderHtml(report));
  context = await launchChromium(join(work, "profile"));
  ({ page, errors } = await watchedPage(context));
  await page.goto(pathToFileURL(join(work, "report.html")).href);
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

for (const [index, source] of SOURCES) {
  const where = index < STATIC_ROWS ? "the server wrote" : "the script builds";
  test(`a row ${where} for a finding without a principal names its inline or trust policy and is found by it`, async () => {
    await page.fill("#filter-text", source.slice(source.indexOf("#")));
    const rows = page.locator("#findings-table tbody tr:visible");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    const cells = await rows.first().locator("td").allTextContents();
    assert.equal(cells[2], source);
    assert.equal(cells[3], `about policy ${index}`);
    await page.fill("#filter-text", "");
    assert.deepEqual(errors, []);
  });
}
