import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { generateTrail } from "../../../bench/ingest-corpus.js";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { itemsFromParse, itemsFromText } from "../../../core/engine/activity/documents.js";
import { readDeliveryRecords } from "../../../core/engine/activity/record-reader.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { realData, repoRoot } from "../../helpers/paths.js";
import { projected } from "../../helpers/record-projection.js";

const catalog = loadCatalog();

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.json(\.gz)?$/.test(name) ? [path] : [];
    });
}

const text = (path: string) =>
  (path.endsWith(".gz") ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString("utf8");

const generated = mkdtempSync(join(tmpdir(), "whittle-reader-"));
after(() => rmSync(generated, { recursive: true, force: true }));
generateTrail(generated, 3000);

/** Every delivery file the tests read: real trails, the demo's trail and the bench's corpus. */
const corpora: Record<string, string[]> = {
  real: [
    realData("cloudtrail", "panther", "panther-cloudtrail-records.json"),
    ...files(realData("cloudtrail", "stratus-red-team")),
    realData("cloudtrail", "trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z.json"),
  ],
  demo: files(join(repoRoot, "demo", "account", "cloudtrail")),
  bench: files(generated),
};

for (const [corpus, paths] of Object.entries(corpora)) {
  test(`the delivery reader gives JSON.parse's items, reduced to the fields read, for the ${corpus} trail`, () => {
    assert.ok(paths.length > 0);
    let events = 0;
    for (const path of paths) {
      const whole = text(path).trim();
      const expected = projected(itemsFromParse(whole, path));
      const read: ActivityItem[] = [];
      assert.ok(readDeliveryRecords(whole, path, read), `${path} is read by the delivery reader`);
      assert.deepStrictEqual(read, expected, path);
      assert.deepStrictEqual(itemsFromText(text(path), path), expected, path);
      events += read.filter((i) => i.kind === "event").length;
    }
    assert.ok(events > 0);
  });
}

test("the aggregate of every trail is the same through the delivery reader and through JSON.parse", () => {
  const viaReader = new ActivityAggregator(catalog);
  const viaParse = new ActivityAggregator(catalog);
  for (const path of Object.values(corpora).flat()) {
    for (const item of itemsFromText(text(path), path)) viaReader.add(item);
    for (const item of itemsFromParse(text(path).trim(), path)) viaParse.add(item);
  }
  const result = viaReader.result();
  assert.ok(result.events > 3000 && result.warnings.length > 0);
  assert.deepStrictEqual(result, viaParse.result());
});

test("records the engine cannot use give the same warnings as through JSON.parse", () => {
  const doc = JSON.stringify({
    Records: [
      1,
      null,
      [],
      { eventName: "GetObject", eventTime: "2026-11-01T00:00:00Z" },
      { eventSource: "s3.amazonaws.com", eventName: "GetObject", eventTime: "t", userIdentity: [] },
      { eventSource: "s3.amazonaws.com", eventName: "GetObject", eventTime: "t", resources: {} },
      { eventSource: "s3.amazonaws.com", eventName: "GetObject", eventTime: "t", requestParameters: "{}" },
    ],
  });
  const read: ActivityItem[] = [];
  assert.ok(readDeliveryRecords(doc, "doc", read));
  assert.deepStrictEqual(read, projected(itemsFromParse(doc, "doc")));
  assert.deepStrictEqual(
    read.map((i) =>
      i.kind === "warning" ? i.warning.message : i.kind === "event" && i.event.requestParameters,
    ),
    [
      "a CloudTrail record must be a JSON object",
      "a CloudTrail record must be a JSON object",
      "a CloudTrail record must be a JSON object",
      "record lacks eventSource",
      "userIdentity is not an object",
      "resources is not an array",
      null,
    ],
  );
});

test("whatever is not a whole, valid, ASCII delivery document is left to JSON.parse", () => {
  const record = '{"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"t"}';
  for (const doc of [
    `{"Records":[${record}]`,
    `{"Records":[${record},]}`,
    `{"Records":[${record}]}x`,
    `{"Records":[${record}],"Records":[]}`,
    `{"Other":1,"Records":[${record}]}`,
    `{"Records":{}}`,
    `[${record}]`,
    record,
    `{"Records":[{"eventSource":"s3.amazonaws.com","userAgent":"\u0001"}]}`,
    `{"Records":[{"eventSource":"s3.amazonaws.com","userAgent":"é"}]}`,
    `{"Records":[{"eventSource":"s3.amazonaws.com","x":01}]}`,
    `{"Records":[{"eventSource":"s3.amazonaws.com","x":"\\x"}]}`,
    `{"Records":[{"eventSource":"s3.amazonaws.com","x":tru}]}`,
  ]) {
    const into: ActivityItem[] = [{ kind: "extent", extent: {} }];
    assert.equal(readDeliveryRecords(doc, "doc", into), false, doc);
    assert.equal(into.length, 1, doc);
  }
});
