import assert from "node:assert/strict";
import { test } from "node:test";
import { itemsFromText } from "../../../core/engine/activity/documents.js";

const RECORD = {
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  eventTime: "2026-11-01T00:00:00Z",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/ann" },
};

test("a file of nested brackets alone is a warning naming it, not a stack overflow", () => {
  const depth = 200_000;
  const items = itemsFromText(`${"[".repeat(depth)}${"]".repeat(depth)}`, "deep.json");
  assert.equal(items.length, 1);
  const [item] = items;
  assert.equal(item?.kind, "warning");
  assert.ok(item?.kind === "warning" && item.warning.code === "not-cloudtrail");
  assert.match(item.kind === "warning" ? item.warning.message : "", /nested deeper than/);
});

test("records in arrays nested a few deep are still read", () => {
  const items = itemsFromText(JSON.stringify([[[RECORD]], [{ Records: [RECORD] }]]), "nested.json");
  assert.deepEqual(
    items.map((i) => i.kind),
    ["event", "event"],
  );
});

test("a document whose Records is no list says so, rather than that it has no Records", () => {
  for (const records of [null, { 0: RECORD }, "[]", 3]) {
    const items = itemsFromText(JSON.stringify({ Records: records }), "odd.json");
    assert.deepEqual(
      items.map((i) => (i.kind === "warning" ? [i.warning.code, i.warning.message] : i.kind)),
      [
        [
          "not-cloudtrail",
          `its Records is ${records === null ? "null" : typeof records}, not a list of records`,
        ],
      ],
    );
  }
});
