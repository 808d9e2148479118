import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ActivityAggregator, type AggregateOptions } from "../../../core/engine/activity/aggregate.js";
import { CoverageTracker } from "../../../core/engine/activity/coverage.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { realData } from "../../helpers/paths.js";

const catalog = loadCatalog();
const file = realData("cloudtrail", "panther", "panther-cloudtrail-records.json");
// Real records, with the bad ones among them (they become warnings).
const items = itemsFromText(readFileSync(file, "utf8"), "panther");

function whole(list: readonly ActivityItem[], options: AggregateOptions = {}) {
  const aggregator = new ActivityAggregator(catalog, options);
  for (const item of list) aggregator.add(item);
  return aggregator.result();
}

/** Aggregates each part apart, as worker threads do, and merges the parts in input order. */
function merged(parts: readonly (readonly ActivityItem[])[], options: AggregateOptions = {}) {
  const into = new ActivityAggregator(catalog, options);
  for (const part of parts) {
    const apart = new ActivityAggregator(catalog, options);
    for (const item of part) apart.add(item);
    into.merge(apart.takePart());
  }
  return into.result();
}

const cut = (list: readonly ActivityItem[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

test("merging parts aggregated apart gives the aggregate of the whole input, for any cut", () => {
  assert.ok(items.some((i) => i.kind === "warning") && items.filter((i) => i.kind === "event").length > 400);
  assert.ok(whole(items).principals.some((p) => p.actions.some((a) => a.refusedResources)));
  const expected = whole(items);
  for (const size of [1, 7, 50, 200])
    assert.deepEqual(merged(cut(items, size)), expected, `parts of ${size}`);
});

test("past the bounds, merged parts count every call and keep every resource covered or overflowing", () => {
  const options = { maxResources: 2, maxAuthorizations: 3, maxWarnings: 5 };
  const all = whole(items);
  const bounded = merged(cut(items, 13), options);
  assert.equal(bounded.events, all.events);
  assert.deepEqual(bounded.warnings, all.warnings.slice(0, 5));
  assert.equal(bounded.warnings.length + bounded.warningsDropped, all.warnings.length);
  const byKey = new Map(
    bounded.principals.flatMap((p) => p.actions.map((a) => [`${p.principal.id} ${a.action}`, a])),
  );
  for (const p of all.principals) {
    for (const a of p.actions) {
      const b = byKey.get(`${p.principal.id} ${a.action}`);
      assert.ok(b, a.action);
      assert.deepEqual(
        [b.count, b.denied, b.firstSeen, b.lastSeen, b.regions],
        [a.count, a.denied, a.firstSeen, a.lastSeen, a.regions],
      );
      assert.ok(b.resources.length <= 2 && b.authorizations.length <= 3);
      const kept = b.authorizations.reduce((n, x) => n + x.count, 0);
      assert.equal(
        kept + b.authorizationOverflow,
        a.authorizations.reduce((n, x) => n + x.count, 0),
      );
      for (const arn of a.resources) {
        const covered = b.resources.some(
          (r) => r === arn || (r.endsWith("/*") && arn.startsWith(r.slice(0, -1))),
        );
        assert.ok(covered || b.resourceOverflow > 0, `${a.action} ${arn}`);
      }
      assert.ok((b.refusedResources ?? []).length <= 2);
      for (const arn of a.refusedResources ?? [])
        assert.ok(b.refusedResources?.includes(arn) || (b.refusedUnscoped ?? 0) > 0, `refused ${arn}`);
    }
  }
});

test("a part is the same whether its aggregator is fresh or handed over earlier parts", () => {
  // One thread reads every chunk, or two threads alternate chunks: each reuses one aggregator.
  const options = { maxResources: 2, maxAuthorizations: 3 };
  const chunks = cut(items, 20);
  const reused = new ActivityAggregator(catalog, options);
  const into = new ActivityAggregator(catalog, options);
  for (const chunk of chunks) {
    for (const item of chunk) reused.add(item);
    into.merge(reused.takePart());
  }
  assert.deepEqual(into.result(), merged(chunks, options));
});

test("coverage merged from parts is the coverage of the whole, failures listed in read order", () => {
  const window = { start: "2018-01-01T00:00:00Z", end: "2024-01-01T00:00:00Z" };
  const one = new CoverageTracker("trail", [], window);
  for (const item of items) one.add(item);
  const all = new CoverageTracker("trail", [], window);
  for (const part of cut(items, 9)) {
    const apart = new CoverageTracker("", [], window);
    for (const item of part) apart.add(item);
    all.merge(apart.part());
  }
  assert.deepEqual(all.result(), one.result());
});
