import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { PACKED_PLACEHOLDER } from "../../core/engine/report/html/packed.js";
import { renderHtml } from "../../core/engine/report/render-html.js";
import { packText } from "../../core/node/html-pack.js";
import { ARNS, HOSTILE_TAG } from "../fixtures/report-fixture.js";
import { reportWithPlans } from "../fixtures/report-with-plans.js";
import { launchChromium, watchedPage } from "../helpers/chromium.js";

/**
 * report.html as the writer makes it (long texts packed) in a real headless Chromium: packed texts
 * unpack when opened, exactly as the unpacked page shows them; plans and recommendations that
 * share documents link to each other; Copy and the findings table still work.
 */

const report = reportWithPlans();
const work = mkdtempSync(join(tmpdir(), "whittle-packed-html-"));
const packedUrl = pathToFileURL(join(work, "packed.html")).href;
const plainUrl = pathToFileURL(join(work, "plain.html")).href;
const ci = report.principals.findIndex((p) => p.arn === ARNS.ci);
let context: BrowserContext;
let page: Page;
let errors: string[];
let dialogs: string[];

before(async () => {
  writeFileSync(join(work, "packed.html"), renderHtml(report, { pack: packText }));
  writeFileSync(join(work, "plain.html"), renderHtml(report));
  context = await launchChromium(join(work, "profile"));
  ({ page, errors, dialogs } = await watchedPage(context));
  await page.goto(packedUrl);
});

after(async () => {
  await context?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens the <details> whose summary starts with `summary` inside `scope` and waits for its text. */
async function open(scope: string, summary: string) {
  const details = page
    .locator(`${scope} details`, { has: page.locator("summary", { hasText: summary }) })
    .first();
  assert.notEqual(await details.getAttribute("data-packed"), null, `${summary} is packed`);
  await details.locator("summary").click();
  // Until the toggle reaches the script the <pre> holds the placeholder, then "Unpacking…".
  await details
    .locator("pre")
    .filter({ hasNotText: PACKED_PLACEHOLDER })
    .filter({ hasNotText: "Unpacking" })
    .waitFor();
  return details.locator("pre");
}

test("a packed action list and a plan's IaC unpack, as text, when opened", async () => {
  const removed = await open(`#principal-${ci}`, "Removed actions");
  assert.equal(await removed.textContent(), report.recommendations[0]!.removedActions.join("\n"));
  const terraform = await open("#plan-aaaaaaaaaaaa", "Terraform");
  assert.equal(await terraform.textContent(), report.plans[1]!.iac.terraform);
  assert.ok((await terraform.textContent())!.includes(HOSTILE_TAG));
  assert.deepEqual(dialogs, [], "the unpacked text ran nothing");
  assert.deepEqual(errors, []);
});

test("a packed diff unpacks to the same rows, with the same classes, as the unpacked page's", async () => {
  const rows = (p: Page) =>
    p
      .locator(`#principal-${ci} pre.diff span`)
      .evaluateAll((spans) => spans.map((s) => `${s.className}|${s.textContent}`));
  await open(`#principal-${ci}`, "lines of pretty-printed JSON");
  const unpacked = await rows(page);
  const plain = await context.newPage();
  await plain.goto(plainUrl);
  const expected = await rows(plain);
  await plain.close();
  assert.ok(expected.length > 150);
  for (const cls of ["del|", "add|", "ctx|"])
    assert.ok(
      expected.some((r) => r.startsWith(cls)),
      cls,
    );
  assert.deepEqual(unpacked, expected);
});

test("a plan links to the documents of its recommendation, and the recommendation to the plan", async () => {
  await page.locator("#plan-aaaaaaaaaaaa a", { hasText: "whittle-ci-deployer-2" }).click();
  assert.equal(new URL(page.url()).hash, "#recommendation-0-policy-1");
  const head = page.locator("#recommendation-0-policy-1");
  assert.equal(await head.locator(".name").textContent(), "whittle-ci-deployer-2");
  const top = await head.evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(top > -2 && top < 200, `the document is scrolled into view (top ${top})`);
  await page.locator("#recommendation-0 a[href='#plan-aaaaaaaaaaaa']").click();
  const plan = await page.locator("#plan-aaaaaaaaaaaa").evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(plan > -2 && plan < 200, `the plan is scrolled into view (top ${plan})`);
});

test("Copy copies each document from its own text", async () => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const buttons = page.locator(`#principal-${ci} button.copy`);
  assert.equal(await buttons.count(), 2);
  await buttons.nth(1).click();
  await page.locator(`#principal-${ci} button.copy.done`).first().waitFor();
  const copied = await page.evaluate<string>("navigator.clipboard.readText()");
  assert.deepEqual(JSON.parse(copied), report.recommendations[0]!.policies[1]!.document);
});

test("the findings table still renders and filters", async () => {
  const rows = () => page.locator("#findings-table tbody tr:visible").count();
  assert.equal(await rows(), report.findings.length);
  await page.selectOption("#filter-severity", "critical");
  assert.equal(await rows(), report.findings.filter((f) => f.severity === "critical").length);
  await page.selectOption("#filter-severity", "");
  assert.deepEqual(errors, []);
});

test("a packed text opened while the page was loading, before its script ran, is unpacked", async () => {
  const early = await context.newPage();
  // Opens the plan's Terraform once the parser has added it, while the page's script has not run
  // (it shows the findings controls first thing; observers are called before a script runs), and
  // withholds its toggle event from the page, as when the event came before the script did.
  await early.addInitScript(`
    var early;
    window.addEventListener("toggle", function (event) {
      if (event.target === early) { early = null; event.stopImmediatePropagation(); }
    }, true);
    new MutationObserver(function (records, observer) {
      var details = document.querySelector("#plan-aaaaaaaaaaaa details[data-packed]");
      var controls = document.getElementById("findings-controls");
      if (details && (!controls || controls.hidden)) { early = details; details.open = true; observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  `);
  await early.goto(packedUrl);
  const pre = early.locator("#plan-aaaaaaaaaaaa details[open] pre").first();
  await pre.filter({ hasText: "resource" }).waitFor();
  assert.equal(await pre.textContent(), report.plans[1]!.iac.terraform);
  await early.close();
});

test("without JavaScript a packed text says where to read it", async () => {
  const noJs = await context.newPage();
  const cdp = await context.newCDPSession(noJs);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await noJs.goto(packedUrl);
  const details = noJs.locator("#plan-aaaaaaaaaaaa details").first();
  await details.locator("summary").click();
  assert.equal(await details.locator("pre").textContent(), PACKED_PLACEHOLDER);
  await noJs.close();
});
