import assert from "node:assert/strict";
import { test } from "node:test";
import { parseNow } from "../../cli/audit-options.js";

test("--now takes ISO dates and times, and refuses a day the month does not have instead of rolling over", () => {
  assert.equal(parseNow("2026-11-22T00:00:00Z").toISOString(), "2026-11-22T00:00:00.000Z");
  assert.equal(parseNow("2024-02-29").toISOString(), "2024-02-29T00:00:00.000Z");
  assert.equal(parseNow("2026-11-22T10:00:00+05:30").toISOString(), "2026-11-22T04:30:00.000Z");
  // Date.parse reads 2026-02-30 as March 2: the window would end two days after the one asked for.
  for (const value of ["2026-02-30", "2026-04-31T00:00:00Z", "2025-02-29", "2026-13-01", "2026-11-22junk"])
    assert.throws(() => parseNow(value), { name: "UsageError", message: /--now must be an ISO 8601/ }, value);
});
