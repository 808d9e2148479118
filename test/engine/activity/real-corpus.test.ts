import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type Authorization, createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { catalog } from "../../helpers/catalog.js";
import { realData, repoRoot } from "../../helpers/paths.js";

type Expected =
  | { action: string; resources: string[] }[]
  | "non-api"
  | "no-permission"
  | "unmapped"
  | "invalid";

interface Row {
  file: string;
  index: number;
  eventID: string | null;
  event: string;
  expected: Expected;
  /** Why an invalid or unmapped record is one (the reader's warning, or the missing action). */
  why?: string;
}

const table = JSON.parse(
  readFileSync(join(repoRoot, "test", "engine", "activity", "real-corpus-authorizations.json"), "utf8"),
) as { services: Record<string, string>; rules: { rule: string; source: string }[]; records: Row[] };

const FILES = [
  "cloudtrail/panther/panther-cloudtrail-records.json",
  ...readdirSync(realData("cloudtrail", "stratus-red-team"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `cloudtrail/stratus-red-team/${f}`),
  "cloudtrail/trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z.json",
];
const raw = new Map(
  FILES.map((f) => [f, JSON.parse(readFileSync(realData(...f.split("/")), "utf8")).Records as unknown[]]),
);
const authorize = createAuthorizer(catalog);
const shape = (list: readonly { action: string; resources: readonly string[] }[]) =>
  list
    .map((a) => ({ action: a.action, resources: [...a.resources].sort() }))
    .sort((a, b) => a.action.localeCompare(b.action));
const keyed = (list: Authorization[]) => list.map((a) => ({ action: a.action.key, resources: a.resources }));

test("the table lists every record of every file, in order, by eventID", () => {
  for (const [file, records] of raw) {
    const rows = table.records.filter((r) => r.file === file);
    assert.deepEqual(
      rows.map((r) => r.index),
      records.map((_, i) => i),
      file,
    );
    for (const row of rows)
      assert.equal(
        row.eventID,
        (records[row.index] as { eventID?: string }).eventID ?? null,
        `${file}#${row.index}`,
      );
  }
  assert.equal(
    table.records.length,
    [...raw.values()].reduce((n, r) => n + r.length, 0),
  );
});

test("every service an expected action belongs to names its Service Authorization Reference page", () => {
  const prefixes = new Set(
    table.records.flatMap((r) =>
      Array.isArray(r.expected) ? r.expected.map((a) => a.action.split(":")[0]!) : [],
    ),
  );
  for (const prefix of prefixes)
    assert.match(
      table.services[prefix] ?? "",
      /^https:\/\/docs\.aws\.amazon\.com\/service-authorization\//,
      prefix,
    );
  for (const { rule, source } of table.rules)
    assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//, rule);
});

/** The records grouped by the service whose documentation decides them. */
const byService = new Map<string, Row[]>();
for (const row of table.records) {
  const service = Array.isArray(row.expected)
    ? row.expected[0]!.action.split(":")[0]!
    : row.event.split(" ")[0]!;
  byService.set(service, [...(byService.get(service) ?? []), row]);
}

for (const [service, rows] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
  const source =
    table.services[service] ?? "the CloudTrail record contents reference and the rules of the table";
  describe(`${service}: authorizations per ${source}`, () => {
    for (const row of rows) {
      test(`${row.file.split("/").pop()}#${row.index} ${row.event}`, () => {
        const record = raw.get(row.file)![row.index];
        const items = [...itemsFromText(JSON.stringify({ Records: [record] }), row.file)];
        if (row.expected === "invalid") {
          assert.deepEqual(
            items.map((i) => (i.kind === "warning" ? i.warning.message : i.kind)),
            [row.why],
          );
          return;
        }
        assert.equal(items.length, 1);
        const item = items[0]!;
        assert.equal(item.kind, "event");
        if (item.kind !== "event") return;
        const result = authorize(item.event);
        if (typeof row.expected === "string") {
          assert.equal(result.kind, row.expected, JSON.stringify(result));
          if (row.expected === "unmapped") assert.ok(row.why);
          return;
        }
        assert.equal(result.kind, "authorizations", JSON.stringify(result));
        if (result.kind === "authorizations")
          assert.deepEqual(shape(keyed(result.authorizations)), shape(row.expected));
      });
    }
  });
}
