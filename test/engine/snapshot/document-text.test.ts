import assert from "node:assert/strict";
import { test } from "node:test";
import { documentText } from "../../../core/engine/snapshot/document-text.js";

test("a document's text is its JSON, the same for equal documents and apart for different ones", () => {
  const a = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
  const copy = JSON.parse(JSON.stringify(a));
  const other = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] };
  for (const doc of [a, copy, other, [1], "text", 3, null])
    assert.equal(documentText(doc), JSON.stringify(doc));
  assert.equal(documentText(a), documentText(copy));
  assert.notEqual(documentText(a), documentText(other));
  assert.equal(documentText(undefined), "");
  assert.equal(documentText(a), documentText(a));
});
