import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { findingId } from "../../../core/engine/findings/types.js";

test("a finding id is the first 24 hex digits of SHA-256 over kind and subject, NUL-separated", () => {
  const subject = ["arn:aws:iam::111122223333:role/app", "arn:aws:iam::aws:policy/ReadOnlyAccess", "0"];
  const expected = createHash("sha256")
    .update(["resource-wildcard", ...subject].join("\u0000"))
    .digest("hex")
    .slice(0, 24);
  assert.equal(findingId("resource-wildcard", ...subject), expected);
  // Pinned: stores key findings by this id across versions.
  assert.equal(findingId("unused-role", "arn:aws:iam::111122223333:role/app"), "89461302ebff5a4beb72295f");
});
