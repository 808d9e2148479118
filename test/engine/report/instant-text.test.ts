import assert from "node:assert/strict";
import { test } from "node:test";
import { instantText } from "../../../core/engine/report/instant-text.js";

test("a whole-second instant is written as the contract writes generatedAt", () => {
  assert.equal(instantText(new Date("2026-11-22T00:00:00Z")), "2026-11-22T00:00:00Z");
  assert.equal(instantText(new Date("2026-11-22T01:00:00+01:00")), "2026-11-22T00:00:00Z");
});

test("an instant with milliseconds keeps them, so that a --now given with them is written back", () => {
  assert.equal(instantText(new Date("2026-11-22T05:06:07.891Z")), "2026-11-22T05:06:07.891Z");
});
