import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { CoverageTracker } from "../../../core/engine/activity/coverage.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import {
  canonicalJson,
  mergePartials,
  type PartialAggregate,
  PartialBuilder,
  type TrailPartition,
} from "../../../core/engine/activity/partial.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";
import { repoRoot } from "../../helpers/paths.js";

const ROOT = join(repoRoot, "demo", "account", "cloudtrail");
const WINDOW = { start: "2026-08-24T00:00:00.000Z", end: "2026-11-22T00:00:00.000Z" };

/** The demo trail's delivery files by day/region partition, as the deployed fan-out reads them. */
function demoPartitions(): { partition: TrailPartition; items: ActivityItem[] }[] {
  const byPrefix = new Map<string, { partition: TrailPartition; items: ActivityItem[] }>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(ROOT).sort()) {
    const key = relative(ROOT, file);
    const match = /^(AWSLogs\/(\d{12})\/CloudTrail\/([^/]+)\/(\d{4}\/\d{2}\/\d{2})\/)/.exec(key);
    if (!match) continue;
    const [, prefix, account, region, day] = match as unknown as string[];
    const entry = byPrefix.get(prefix!) ?? {
      partition: { account: account!, region: region!, day: day!, prefix: prefix! },
      items: [],
    };
    byPrefix.set(prefix!, entry);
    const body = readFileSync(file);
    itemsFromText((file.endsWith(".gz") ? gunzipSync(body) : body).toString("utf8"), key, entry.items);
  }
  return [...byPrefix.values()];
}

const partitions = demoPartitions();

function partial(p: { partition: TrailPartition; items: ActivityItem[] }, window = WINDOW): PartialAggregate {
  const builder = new PartialBuilder(p.partition, window);
  for (const item of p.items) builder.add(item);
  builder.add({
    kind: "extent",
    extent: { delivered: [{ account: p.partition.account, region: p.partition.region, days: ["x"] }] },
  });
  // Through JSON, as the partial travels through S3.
  return JSON.parse(JSON.stringify(builder.result())) as PartialAggregate;
}

/** Bounds lifted: which resources a bounded list keeps depends on reading order, in both paths alike. */
function aggregate(items: Iterable<ActivityItem>) {
  const aggregator = new ActivityAggregator(catalog, {
    window: WINDOW,
    maxResources: 1_000_000,
    maxAuthorizations: 1_000_000,
  });
  for (const item of items) aggregator.add(item);
  return aggregator.result();
}

test("the demo trail spans several days and both regions", () => {
  assert.ok(partitions.length > 50, String(partitions.length));
  assert.deepEqual([...new Set(partitions.map((p) => p.partition.region))].sort(), [
    "eu-west-1",
    "us-east-1",
  ]);
});

test("aggregating the merged partials gives the engine exactly what the records give", () => {
  const direct = aggregate(partitions.flatMap((p) => p.items));
  const merged = aggregate(mergePartials(partitions.map((p) => partial(p))));
  assert.ok(direct.events > 1000);
  assert.deepEqual(merged.principals, direct.principals);
  assert.deepEqual(merged.external, direct.external);
  assert.deepEqual(merged.unmapped, direct.unmapped);
  assert.deepEqual(merged.ignored, direct.ignored);
  assert.equal(merged.events, direct.events);
});

test("grouping compresses: fewer summaries than records, even with per-object S3 keys", () => {
  const partials = partitions.map((p) => partial(p));
  const records = partials.reduce((n, p) => n + p.records, 0);
  const summaries = mergePartials(partials).filter((i) => i.kind === "summary").length;
  assert.ok(summaries < records * 0.7, `${summaries} summaries for ${records} records`);
});

test("the merge is the same whatever order the partials arrive in", () => {
  const partials = partitions.slice(0, 40).map((p) => partial(p));
  const expected = canonicalJson(mergePartials(partials));
  fc.assert(
    fc.property(fc.shuffledSubarray(partials, { minLength: partials.length }), (shuffled) => {
      assert.equal(canonicalJson(mergePartials(shuffled)), expected);
    }),
    { numRuns: 25 },
  );
});

test("records outside the run's window are counted and left out, so no group straddles its edge", () => {
  const busiest = [...partitions].sort((a, b) => b.items.length - a.items.length)[0]!;
  const times = busiest.items.flatMap((i) => (i.kind === "event" ? [i.event.eventTime] : [])).sort();
  const middle = new Date(Date.parse(times[Math.floor(times.length / 2)]!)).toISOString();
  const narrow = { start: middle, end: WINDOW.end };
  const result = partial(busiest, narrow);
  assert.ok(result.outsideWindow > 0 && result.outsideWindow < result.records);
  for (const s of result.summaries) assert.ok(s.firstSeen >= narrow.start, s.firstSeen);
});

test("coverage survives the fan-out: accounts, regions, delivered days, failures and missing partitions", () => {
  const partials = partitions.slice(0, 6).map((p) => partial(p));
  const failed: PartialAggregate = {
    ...partial(partitions[6]!),
    summaries: [],
    delivered: false,
    warnings: [{ origin: "s3://trail/x", code: "source-failed", message: "AccessDenied" }],
  };
  const missing = [
    { partition: partitions[7]!.partition, message: "the partition's reading left no result" },
  ];
  const tracker = new CoverageTracker("trail", [], WINDOW);
  for (const item of mergePartials([...partials, failed], missing)) tracker.add(item);
  const coverage = tracker.result();
  assert.equal(coverage.complete, false);
  assert.deepEqual(
    coverage.failures.map((f) => f.what).sort(),
    ["s3://trail/x", partitions[7]!.partition.prefix].sort(),
  );
  assert.deepEqual(coverage.accounts, ["123456789012"]);
  assert.ok(coverage.regions.length >= 1);

  const whole = new CoverageTracker("trail", [], WINDOW);
  for (const item of mergePartials(partials)) whole.add(item);
  const extent = mergePartials(partials).at(-1);
  assert.ok(extent?.kind === "extent");
  assert.equal(extent.extent.complete, true);
  const days = extent.extent.delivered?.flatMap((d) => d.days) ?? [];
  assert.equal(days.length, 6);
  assert.ok(days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)));
});

test("a refused console sign-in stays refused through the partials: the user is not seen", () => {
  const signIn = (time: string, outcome: "Success" | "Failure") => ({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    eventTime: time,
    awsRegion: "us-east-1",
    userIdentity: {
      type: "IAMUser",
      accountId: "123456789012",
      userName: outcome === "Success" ? "bob" : "alice",
    },
    responseElements: { ConsoleLogin: outcome },
    ...(outcome === "Failure" ? { errorMessage: "Failed authentication" } : {}),
  });
  const items: ActivityItem[] = [
    { kind: "event", event: signIn("2026-09-01T08:00:00Z", "Failure") },
    { kind: "event", event: signIn("2026-09-01T09:00:00Z", "Success") },
  ];
  const partition = { account: "123456789012", region: "us-east-1", day: "2026/09/01", prefix: "p/" };
  const merged = aggregate(mergePartials([partial({ partition, items })]));
  assert.deepEqual(merged.principals, aggregate(items).principals);
  assert.deepEqual(
    merged.principals.map((p) => p.principal.id),
    ["arn:aws:iam::123456789012:user/bob"],
  );
});
