import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import { PACK_ABOVE } from "../../../core/engine/report/html/packed.js";
import { sharedDocuments } from "../../../core/engine/report/html/shared-documents.js";
import { renderHtml } from "../../../core/engine/report/render-html.js";
import { reportFixture } from "../../fixtures/report-fixture.js";
import { reportWithPlans } from "../../fixtures/report-with-plans.js";

/** report.html carries each document and each IaC text once, and drops none of them. */

const pack = (text: string) => gzipSync(text).toString("base64");
const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const fromHtml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Every text a reader can see or open: each <pre>'s text (a diff's rows as lines), packed ones unpacked. */
function texts(html: string): string[] {
  const packed = [...html.matchAll(/<details data-packed="([^"]*)">/g)].map((m) =>
    gunzipSync(Buffer.from(m[1]!, "base64")).toString("utf8"),
  );
  const withoutPacked = html.replace(/<details data-packed="[^"]*">[\s\S]*?<\/details>/g, "");
  const plain = [...withoutPacked.matchAll(/<pre[^>]*>([\s\S]*?)<\/pre>/g)].map((m) => {
    const rows = [...m[1]!.matchAll(/<span class="[a-z]+">([\s\S]*?)<\/span>/g)].map((r) => r[1]!);
    return fromHtml(rows.length > 0 ? rows.join("\n") : m[1]!);
  });
  return [...plain, ...packed];
}

const count = (list: string[], text: string) => list.filter((t) => t === text).length;

/** The part of the page between an element's opening tag and the next one of `next`. */
const slice = (html: string, start: string, next: string) => {
  const from = html.indexOf(start);
  assert.ok(from >= 0, `${start} is in the page`);
  const to = html.indexOf(next, from + start.length);
  return html.slice(from, to < 0 ? undefined : to);
};

test("the rule: a user's or role's plan creating exactly its recommendation's documents shares them", () => {
  const report = reportWithPlans();
  const shared = sharedDocuments(report);
  assert.deepEqual(
    [...shared.planOf],
    [[0, 1]],
    "ci-deployer's plan; not the group's, not the differing one",
  );
  assert.deepEqual([...shared.recommendationOf], [[1, 0]]);
  report.plans[1]!.create[0]!.name = "renamed";
  assert.equal(sharedDocuments(report).planOf.size, 0, "a different name is a different document");
});

test("shared documents are shown once in the recommendation, the plan's IaC once in the plan, linked both ways", () => {
  const report = reportWithPlans();
  const html = renderHtml(report);
  const all = texts(html);
  const [ci] = report.recommendations;
  const plan = report.plans[1]!;
  for (const p of ci!.policies) assert.equal(count(all, pretty(p.document)), 1, p.name);
  assert.equal(count(all, plan.iac.terraform), 1);
  assert.equal(count(all, plan.iac.cloudformation), 1);
  assert.equal(
    count(all, ci!.terraform),
    0,
    "the plan's IaC makes the same policies and the rest of the change",
  );
  const recBlock = slice(html, `id="recommendation-0"`, `<section class="principal"`);
  assert.match(recBlock, /href="#plan-aaaaaaaaaaaa"/);
  const planBlock = slice(html, `<article class="plan" id="plan-aaaaaaaaaaaa"`, "</article>");
  assert.match(planBlock, /href="#recommendation-0"/);
  assert.match(planBlock, /href="#recommendation-0-policy-0">whittle-ci-deployer</);
  assert.doesNotMatch(planBlock, /<pre class="code">\{/, "no document of its own");
});

test("a plan whose documents differ keeps them, and its recommendation keeps its IaC", () => {
  const report = reportWithPlans();
  const html = renderHtml(report);
  const all = texts(html);
  const [, app] = report.recommendations;
  const plan = report.plans[2]!;
  assert.equal(count(all, pretty(plan.create[0]!.document)), 1, "the plan's own document");
  // Its other documents are the recommendation's: shown in both places, as the plan differs.
  for (const [i, p] of app!.policies.entries())
    assert.equal(count(all, pretty(p.document)), i === 0 ? 1 : 2, p.name);
  assert.equal(count(all, app!.terraform), 1);
  assert.equal(count(all, app!.cloudformation), 1);
  assert.equal(count(all, plan.iac.terraform), 1);
  const recBlock = slice(html, `id="recommendation-1"`, `<section class="principal"`);
  assert.doesNotMatch(recBlock, /href="#plan-/);
  // Without any plan, each recommendation keeps its IaC.
  const plain = texts(renderHtml(reportFixture()));
  for (const r of reportFixture().recommendations) assert.equal(count(plain, r.terraform), 1);
});

test("every in-page link leads to an element of the page", () => {
  for (const options of [{}, { pack }]) {
    const html = renderHtml(reportWithPlans(), options);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]*)"/g)].map((m) => fromHtml(m[1]!));
    assert.ok(targets.length > 20);
    for (const t of targets) assert.ok(ids.has(t), `#${t} has no element`);
  }
});

test("packed, the page holds exactly the same texts, and only long ones are packed", () => {
  const report = reportWithPlans();
  const plain = renderHtml(report);
  const packed = renderHtml(report, { pack });
  assert.deepEqual(texts(packed).sort(), texts(plain).sort());
  const blobs = [...packed.matchAll(/data-packed="([^"]*)"/g)].map((m) =>
    gunzipSync(Buffer.from(m[1]!, "base64")).toString("utf8"),
  );
  assert.ok(blobs.length >= 5, "plan IaC, removed actions, diff");
  for (const b of blobs) assert.ok(b.length >= PACK_ABOVE);
  assert.ok(blobs.includes(report.recommendations[0]!.removedActions.join("\n")));
  assert.ok(packed.length < plain.length);
  assert.equal(packed.includes(`<script>alert(2)`), false, "packed texts are not markup");
});

test("the unobservable actions are listed once when all are kept, twice when some are dropped", () => {
  const html = renderHtml(reportWithPlans());
  const ci = slice(html, `id="recommendation-0"`, `<section class="principal"`);
  const app = slice(html, `id="recommendation-1"`, `<section class="principal"`);
  assert.match(app, /Unobservable actions \(CloudTrail cannot show them\), all kept \(1\)/);
  assert.doesNotMatch(app, /Unobservable actions kept/);
  assert.match(ci, /Unobservable actions \(CloudTrail cannot show them\) \(2\)/);
  assert.match(ci, /Unobservable actions kept \(1\)/);
});

test("each recommended document keeps its Copy button right above its text", () => {
  const report = reportWithPlans();
  const html = renderHtml(report, { pack });
  const copies = [
    ...html.matchAll(
      /<button type="button" class="copy">Copy<\/button><\/div><pre class="policy"[^>]*>([^<]*)<\/pre>/g,
    ),
  ];
  const documents = report.recommendations.flatMap((r) => r.policies.map((p) => pretty(p.document)));
  assert.deepEqual(
    copies.map((m) => fromHtml(m[1]!)),
    documents,
  );
});
