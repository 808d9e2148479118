import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { repoRoot } from "../../helpers/paths.js";

/** A real delivery file (trailscraper's test data): two records, each with its eventID. */
const TEXT = readFileSync(
  join(
    repoRoot,
    "test/data/cloudtrail/trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z.json",
  ),
  "utf8",
);
const [first, second] = (JSON.parse(TEXT) as { Records: object[] }).Records;
const kinds = (text: string) => itemsFromText(text, "f.json").map((i) => i.kind);

test("a delivery file holding Records twice is not read, with a warning, where JSON keeps only the last list", () => {
  const text = `{"Records":[${JSON.stringify(first)}],"Records":[${JSON.stringify(second)}]}`;
  const items = itemsFromText(text, "f.json");
  assert.equal(items.length, 1);
  const [item] = items;
  assert.ok(item?.kind === "warning", JSON.stringify(item));
  assert.equal(item.warning.code, "malformed-json");
  assert.match(item.warning.message, /Records twice/);
  // The last list empty, or its records without an eventID, are found too.
  assert.deepEqual(kinds(`{"Records":[${JSON.stringify(first)}],"Records":[]}`), ["warning"]);
  const { eventID: _, ...bare } = second as { eventID: string };
  assert.deepEqual(kinds(`{"Records":[${JSON.stringify(first)}],"Records":[${JSON.stringify(bare)}]}`), [
    "warning",
  ]);
});

test("Records named inside a record, or a file read whole, leave the file read", () => {
  assert.deepEqual(kinds(TEXT), ["event", "event"]);
  const inside = { ...first, requestParameters: { Records: [{ Data: "x" }] } };
  assert.deepEqual(kinds(JSON.stringify({ Records: [inside, second] })), ["event", "event"]);
});
