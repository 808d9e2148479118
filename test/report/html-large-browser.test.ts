import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { STATIC_PRINCIPALS, STATIC_ROWS, staticPrincipals } from "../../core/engine/report/html/page-data.js";
import { renderHtml } from "../../core/engine/report/render-html.js";
import { largeReportFixture } from "../fixtures/large-report.js";
import { launchChromium } from "../helpers/chromium.js";

/**
 * report.html of a 5,000-principal account (50,000 findings) in a real headless Chromium: the
 * page stays small, its first rows are there before the script runs, the rest arrive in chunks of
 * one task each — no task near the length of the whole rendering — and it works once done.
 */

const CHUNK = 250;

const report = largeReportFixture(5000, 10);
const html = renderHtml(report);
const work = mkdtempSync(join(tmpdir(), "whittle-large-html-"));
const htmlPath = join(work, "report.html");
let context: BrowserContext;
let page: Page;

/**
 * Installed before the page's own script: rows added to the findings table after the parser is
 * done (so by the script), and long tasks, with the times they happened at.
 */
const RECORDER = `
  window.__chunks = []; window.__longTasks = []; window.__parsed = -1;
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longTasks.push([e.startTime, e.duration]); });
  }).observe({ type: "longtask", buffered: true });
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.querySelector("#findings-table tbody");
    window.__parsed = performance.now();
    window.__rowsAtParsed = body.rows.length;
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.target === body && r.addedNodes.length > 0) window.__chunks.push([performance.now(), r.addedNodes.length]);
      });
    }).observe(body, { childList: true });
  }, { capture: true });
`;

before(async () => {
  writeFileSync(htmlPath, html);
  context = await launchChromium(join(work, "profile"));
  page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(RECORDER);
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

test("the page of 5,000 principals and 50,000 findings stays under 20 MB", () => {
  assert.equal(report.findings.length, 50_000);
  assert.ok(html.length < 20e6, `report.html is ${(html.length / 1e6).toFixed(1)} MB`);
  assert.equal(
    html.match(/<tr data-severity=/g)?.length,
    STATIC_ROWS,
    "the server writes the first rows only",
  );
  assert.equal(html.match(/<section class="principal"/g)?.length, STATIC_PRINCIPALS);
});

const idle = () =>
  page.waitForFunction(
    () => document.getElementById("findings-table")?.getAttribute("aria-busy") === "false",
    undefined,
    { timeout: 120_000, polling: 100 },
  );
const rowCount = () => page.locator("#findings-table tbody tr").count();

test("the first rows come with the page, more in chunks as the reader scrolls, none in a long task", async () => {
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "domcontentloaded" });
  await idle();
  const first = await rowCount();
  assert.ok(first >= STATIC_ROWS && first < report.findings.length / 10, `${first} rows after loading`);
  for (let i = 0; i < 4; i++) {
    const before = await rowCount();
    await page.evaluate(() => document.getElementById("findings-more")?.scrollIntoView());
    await page.waitForFunction(
      (n) => document.querySelectorAll("#findings-table tbody tr").length > n,
      before,
      { timeout: 120_000, polling: 100 },
    );
    await idle();
  }
  const seen = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      rowsAtParsed: w.__rowsAtParsed as number,
      parsed: w.__parsed as number,
      loading: nav.domContentLoadedEventStart - nav.startTime,
      chunks: w.__chunks as [number, number][],
      longTasks: w.__longTasks as [number, number][],
      count: document.getElementById("findings-count")?.textContent,
    };
  });
  const rows = await rowCount();
  assert.ok(seen.rowsAtParsed >= STATIC_ROWS, "the server's rows are there before the script runs");
  assert.ok(rows > first, `scrolling rendered more rows (${first} → ${rows})`);
  assert.equal(seen.count, "Showing 50000 of 50000 findings");
  assert.ok(seen.chunks.length >= 4, `${seen.chunks.length} chunks`);
  assert.ok(
    seen.chunks.every(([, n]) => n <= CHUNK),
    "no chunk is larger than its size",
  );
  // No freeze: every task after the page is parsed is shorter than parsing the page took.
  const longest = Math.max(0, ...seen.longTasks.filter(([t]) => t >= seen.parsed).map(([, d]) => d));
  assert.ok(
    longest < seen.loading,
    `longest task ${longest.toFixed(0)} ms; parsing took ${seen.loading.toFixed(0)} ms`,
  );
});

test("filters and sorting work on all 50,000 findings, and render their first chunk at once", async () => {
  const critical = report.findings.filter((f) => f.severity === "critical").length;
  await page.selectOption("#filter-severity", "critical");
  assert.equal(await page.textContent("#findings-count"), `Showing ${critical} of 50000 findings`);
  await idle();
  const severities = await page
    .locator("#findings-table tbody tr")
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-severity")));
  assert.ok(severities.length >= Math.min(critical, CHUNK) && severities.length <= critical);
  assert.ok(severities.every((s) => s === "critical"));
  await page.selectOption("#filter-severity", "");
  await page.fill("#filter-text", "app-4321:");
  await idle();
  assert.equal(await rowCount(), 10);
  await page.locator('th[data-sort-key="title"] button').click();
  const titles = await page.locator("#findings-table tbody tr td:nth-child(4)").allTextContents();
  assert.equal(titles.length, 10);
  assert.deepEqual(
    titles,
    [...titles].sort((a, b) => a.localeCompare(b)),
  );
});

test("a link to a principal without a server-rendered section builds it from the page data", async () => {
  const rendered = staticPrincipals(report);
  const index = report.principals.findIndex((p) => !rendered.has(p.arn) && p.name === "app-4321");
  assert.ok(index >= 0, "app-4321 has no server-rendered section");
  await page.locator("#findings-table a", { hasText: "app-4321" }).first().click();
  const section = page.locator(`#principal-${index}`);
  await section.waitFor();
  assert.equal(await section.locator("h3").textContent(), "app-4321");
  assert.equal(await section.locator("ul.findings li").count(), 10);
  assert.equal(await section.evaluate((el) => el.classList.contains("focus")), true);
  assert.equal(await section.locator("li.arn").count(), 4, "its four policies");
});
