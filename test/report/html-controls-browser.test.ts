import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { PACK_ABOVE } from "../../core/engine/report/html/packed.js";
import { STATIC_PRINCIPALS, STATIC_ROWS, staticPrincipals } from "../../core/engine/report/html/page-data.js";
import { renderHtml } from "../../core/engine/report/render-html.js";
import { packText } from "../../core/node/html-pack.js";
import { largeReportFixture } from "../fixtures/large-report.js";
import { launchChromium, watchedPage } from "../helpers/chromium.js";

/**
 * report.html in a real headless Chromium, where account text holds a right-to-left override: what
 * the page's script builds (table rows past the server's, a principal's section, a packed text it
 * unpacks) shows it as U+FFFD, as the server's markup does, never reordered.
 */

const HOSTILE = "rtl\u202Egnp.exe\u2066x\u2069";
const SHOWN = "rtl\uFFFDgnp.exe\uFFFDx\uFFFD";
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const report = largeReportFixture(STATIC_PRINCIPALS + 10, 1);
const row = STATIC_ROWS + 5;
report.findings[row]!.title = `${HOSTILE} is a finding`;
const rendered = staticPrincipals(report);
const lazy = report.principals.findIndex((p) => !rendered.has(p.arn));
report.principals[lazy]!.name = `app-${HOSTILE}`;
const evidenceOf = report.findings.findIndex((f) => rendered.has(f.principalArn ?? ""));
report.findings[evidenceOf]!.evidence = { key: HOSTILE, padding: "x".repeat(PACK_ABOVE) };
const evidencePrincipal = report.principals.findIndex(
  (p) => p.arn === report.findings[evidenceOf]!.principalArn,
);

const work = mkdtempSync(join(tmpdir(), "whittle-controls-html-"));
let context: BrowserContext;
let page: Page;
let errors: string[];

before(async () => {
  assert.ok(lazy >= 0 && evidencePrincipal >= 0);
  writeFileSync(join(work, "report.html"), renderHtml(report, { pack: packText }));
  context = await launchChromium(join(work, "profile"));
  ({ page, errors } = await watchedPage(context));
  await page.goto(pathToFileURL(join(work, "report.html")).href);
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

test("a table row the script builds shows a right-to-left override as U+FFFD", async () => {
  await page.fill("#filter-text", "is a finding");
  const rows = page.locator("#findings-table tbody tr:visible");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  const text = (await rows.first().textContent()) ?? "";
  assert.ok(text.includes(`${SHOWN} is a finding`), JSON.stringify(text));
  assert.doesNotMatch(text, BIDI);
  await page.fill("#filter-text", "");
});

test("a principal's section the script builds shows its name with U+FFFD", async () => {
  await page.fill("#filter-text", "gnp.exe");
  await page.locator("#findings-table a", { hasText: "gnp.exe" }).first().click();
  const section = page.locator(`#principal-${lazy}`);
  await section.waitFor();
  assert.equal(await section.locator("h3").textContent(), `app-${SHOWN}`);
  assert.doesNotMatch((await section.textContent()) ?? "", BIDI);
  await page.fill("#filter-text", "");
});

test("a packed text the script unpacks shows U+FFFD, as the unpacked page does", async () => {
  const details = page
    .locator(`#principal-${evidencePrincipal} details`, {
      has: page.locator("summary", { hasText: "Evidence" }),
    })
    .first();
  assert.notEqual(await details.getAttribute("data-packed"), null, "the evidence is packed");
  await details.locator("summary").click();
  const pre = details.locator("pre").filter({ hasText: "padding" });
  await pre.waitFor();
  const text = (await pre.textContent()) ?? "";
  assert.ok(text.includes(SHOWN), text.slice(0, 200));
  assert.doesNotMatch(text, BIDI);
  assert.deepEqual(errors, []);
});
