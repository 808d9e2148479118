import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { renderHtml } from "../../core/engine/report/render-html.js";
import { ARNS, HOSTILE_NAME, reportWithCoverage } from "../fixtures/report-fixture.js";
import { launchChromium, watchedPage } from "../helpers/chromium.js";

/**
 * report.html in a real headless Chromium (Debian's package, driven by playwright-core): opened
 * from disk as a reader would, filtered, sorted, clicked into, copied from, and photographed.
 */

const report = reportWithCoverage();
const work = mkdtempSync(join(tmpdir(), "whittle-html-"));
const htmlPath = join(work, "report.html");
const url = pathToFileURL(htmlPath).href;
const screenshots = join(work, "screenshots");
let context: BrowserContext;
let page: Page;
const outbound: string[] = [];
let errors: string[];
let dialogs: string[];

before(async () => {
  writeFileSync(htmlPath, renderHtml(report));
  context = await launchChromium(join(work, "profile"));
  await context.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith("file:") || target.startsWith("data:")) return route.continue();
    outbound.push(target);
    return route.abort();
  });
  ({ page, errors, dialogs } = await watchedPage(context));
  await page.goto(url);
});

after(async () => {
  await context?.close();
  if (process.env.KEEP_SCREENSHOTS) console.log(`screenshots kept in ${screenshots}`);
  else rmSync(work, { recursive: true, force: true });
});

const visibleRows = () => page.locator("#findings-table tbody tr:visible").count();
const shot = async (name: string, target?: string) => {
  const path = join(screenshots, `${name}.png`);
  if (target) await page.locator(target).screenshot({ path });
  else await page.screenshot({ path });
  return path;
};

test("the page opens from disk offline: no request leaves it, no script error, no dialog", async () => {
  await page.waitForSelector("#findings-count");
  assert.equal(
    await page.locator("#findings-controls").isVisible(),
    true,
    "the script ran and showed the controls",
  );
  assert.deepEqual(outbound, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.title(), "Whittle report — 123456789012 (acme-prod)");
});

test("a principal named <img src=x onerror=alert(1)> is shown as text and no image exists", async () => {
  assert.equal(await page.locator("img").count(), 0);
  const heading = page.locator("#principal-0 h3");
  assert.equal(await heading.textContent(), HOSTILE_NAME);
  assert.equal(await heading.isVisible(), true);
  assert.ok((await page.getByText(HOSTILE_NAME, { exact: true }).count()) >= 3, "summary, table and section");
  assert.deepEqual(dialogs, []);
});

test("filtering the findings table by severity, kind and text changes the visible rows", async () => {
  assert.equal(await visibleRows(), report.findings.length);
  await page.selectOption("#filter-severity", "critical");
  assert.equal(await visibleRows(), report.findings.filter((f) => f.severity === "critical").length);
  assert.equal(await page.textContent("#findings-count"), `Showing 3 of ${report.findings.length} findings`);
  await shot("filtered-critical", "#findings");
  await page.selectOption("#filter-severity", "");
  await page.fill("#filter-text", "ALICE");
  assert.equal(await visibleRows(), 3, "the search ignores case");
  await page.check("#filter-suppressed");
  assert.equal(await visibleRows(), 2, "alice's suppressed finding is hidden");
  await page.uncheck("#filter-suppressed");
  await page.fill("#filter-text", "onerror");
  assert.equal(await visibleRows(), 2, "text search matches the hostile principal's two findings");
  await page.fill("#filter-text", "");
  await page.selectOption("#filter-kind", "unused-role");
  assert.equal(await visibleRows(), 1);
  await page.selectOption("#filter-kind", "");
  assert.equal(await visibleRows(), report.findings.length);
});

test("clicking a column header sorts the table, and again reverses it", async () => {
  const titles = () => page.locator("#findings-table tbody tr td:nth-child(4)").allTextContents();
  const sorted = (list: string[]) =>
    page.evaluate(
      (l) => l.every((t, i) => i === 0 || l[i - 1]!.toLowerCase().localeCompare(t.toLowerCase()) <= 0),
      list,
    );
  const header = page.locator('th[data-sort-key="title"]');
  await header.locator("button").click();
  const ascending = await titles();
  assert.equal(await sorted(ascending), true);
  assert.equal(await header.getAttribute("aria-sort"), "ascending");
  await header.locator("button").click();
  assert.deepEqual(await titles(), [...ascending].reverse());
  assert.equal(await header.getAttribute("aria-sort"), "descending");

  await page.locator('th[data-sort-key="severity"] button').click();
  const severities = await page
    .locator("#findings-table tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-severity")));
  assert.equal(severities[0], "critical");
  assert.equal(severities.at(-1), "info");
  await shot("sorted-by-severity", "#findings");
});

test("clicking a principal opens its section with the generated policy and the diff", async () => {
  await page.locator("#findings-table a", { hasText: "ci-deployer" }).first().click();
  const index = report.principals.findIndex((p) => p.arn === ARNS.ci);
  assert.equal(new URL(page.url()).hash, `#principal-${index}`);
  const section = page.locator(`#principal-${index}`);
  // The page marks the section on hashchange, which fires after the URL has changed: wait for it.
  await page.waitForFunction(
    (id) => document.getElementById(id)?.classList.contains("focus") === true,
    `principal-${index}`,
    { timeout: 10_000 },
  );
  assert.match((await section.getAttribute("class")) ?? "", /\bfocus\b/);
  const top = await section.evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 200, `the section is scrolled into view (top ${top})`);
  const policy = JSON.parse((await section.locator("pre.policy").first().textContent()) ?? "");
  assert.deepEqual(policy, report.recommendations[0]!.policies[0]!.document);
  assert.equal(await section.locator("pre.diff").isVisible(), true);
  const removed = await section.locator("pre.diff .del").allTextContents();
  const added = await section.locator("pre.diff .add").allTextContents();
  assert.ok(
    removed.some((l) => l.includes('"cloudformation:*"')),
    "the wildcard is removed",
  );
  assert.ok(
    added.some((l) => l.includes('"cloudformation:DescribeStacks"')),
    "the observed action is added",
  );
  assert.equal(await section.getByText("✓ within current permissions").isVisible(), true);
  await shot("principal-ci-deployer", `#principal-${index}`);
});

test("Copy puts the recommended policy on the clipboard and says so", async () => {
  const index = report.principals.findIndex((p) => p.arn === ARNS.ci);
  const button = page.locator(`#principal-${index} button.copy`).first();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await button.click();
  // The script marks the button `done` when it gives feedback. (waitForFunction with a string
  // would eval in the page, which the page's CSP rightly refuses.)
  await page.locator(`#principal-${index} button.copy.done`).first().waitFor();
  assert.equal(await button.textContent(), "Copied");
  const copied = await page.evaluate<string>("navigator.clipboard.readText()");
  assert.deepEqual(JSON.parse(copied), report.recommendations[0]!.policies[0]!.document);
});

test("without JavaScript the summary, charts and table are all there", async () => {
  const noJs = await context.newPage();
  const cdp = await context.newCDPSession(noJs);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await noJs.goto(url);
  assert.equal(
    await noJs.locator("#findings-controls").isVisible(),
    false,
    "controls that need the script stay hidden",
  );
  assert.equal(await noJs.locator("#severity-cards .card").count(), 5);
  assert.equal(await noJs.locator("#severity-cards .card.critical .n").textContent(), "3");
  assert.equal(await noJs.locator("figure.chart svg").count(), 3);
  assert.equal(await noJs.locator("#findings-table tbody tr:visible").count(), report.findings.length);
  assert.equal(
    await noJs.locator("#top-principals tbody tr").first().locator("a").textContent(),
    "ci-deployer",
  );
  await noJs.close();
});

test("evidence coverage shows each source's figures, and the principals whose usage is unknown, by reason", async () => {
  assert.equal(await page.locator("nav.toc a[href='#coverage']").count(), 1);
  const rows = page.locator("#coverage-table tbody tr");
  assert.equal(await rows.count(), 2);
  const first = (await rows.first().locator("td").allTextContents()).map((t) => t.trim());
  assert.deepEqual(first, [
    "s3://trail-bucket/AWSLogs/",
    "48,331",
    "2026-08-24 → 2026-11-21",
    "eu-west-1, us-east-1",
    "123456789012",
    "3",
    "2 days missing (123456789012/us-east-1)",
    "incomplete",
  ]);
  assert.equal(await rows.nth(1).locator("td").last().textContent(), "complete");
  const unknown = page.locator("#unknown-usage li");
  assert.equal(await unknown.count(), 1);
  assert.equal(
    await unknown.first().textContent(),
    `a day of the window has no delivery file (us-east-1) (2): ${HOSTILE_NAME}, alice`,
  );
  assert.equal(await page.locator("#coverage img").count(), 0);
});

test("screenshots of the page are written and are real images", async () => {
  await page.goto(url);
  const paths = [await shot("summary"), await shot("charts", ".charts")];
  await page.screenshot({ path: join(screenshots, "full.png"), fullPage: true });
  paths.push(join(screenshots, "full.png"));
  for (const path of [
    ...paths,
    join(screenshots, "filtered-critical.png"),
    join(screenshots, "principal-ci-deployer.png"),
  ]) {
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG", path);
    assert.ok(statSync(path).size > 10_000, `${path} is ${statSync(path).size} bytes`);
  }
  assert.deepEqual(outbound, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(dialogs, []);
});
