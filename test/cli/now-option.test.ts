import assert from "node:assert/strict";
import { test } from "node:test";
import { parseNow } from "../../cli/audit-options.js";

test("--now written without an offset is UTC, as record times are read, wherever whittle runs", () => {
  const tz = process.env.TZ;
  process.env.TZ = "Asia/Tokyo";
  try {
    assert.equal(parseNow("2026-06-01T00:00:00").toISOString(), "2026-06-01T00:00:00.000Z");
    assert.equal(parseNow("2026-06-01 00:00").toISOString(), "2026-06-01T00:00:00.000Z");
    assert.equal(parseNow("2026-06-01").toISOString(), "2026-06-01T00:00:00.000Z");
    assert.equal(parseNow("2026-06-01T09:00:00+09:00").toISOString(), "2026-06-01T00:00:00.000Z");
    assert.equal(parseNow("2026-06-01T00:00:00Z").toISOString(), "2026-06-01T00:00:00.000Z");
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});

test("without --now, now is the clock's whole second, as the report writes it", () => {
  const clock = () => new Date("2026-06-01T12:34:56.789Z");
  assert.equal(parseNow(undefined, clock).toISOString(), "2026-06-01T12:34:56.000Z");
});
