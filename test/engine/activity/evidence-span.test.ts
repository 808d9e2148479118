import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lateEvidence } from "../../../core/engine/activity/evidence-span.js";

const START = "2026-03-03T00:00:00Z";

describe("where a principal's evidence starts", () => {
  test("at its first record when the trail shows it before its creation date", () => {
    assert.equal(
      lateEvidence({ createDate: "2026-05-22T00:00:00Z" }, "2026-03-03T23:59:00Z", START),
      undefined,
    );
    assert.deepEqual(lateEvidence({ createDate: "2026-05-22T00:00:00Z" }, "2026-03-04T00:01:00Z", START), {
      start: "2026-03-04T00:01:00Z",
      createDate: "2026-05-22T00:00:00Z",
      firstSeen: "2026-03-04T00:01:00Z",
    });
  });

  test("at its creation when that comes first, or the trail never shows it", () => {
    assert.equal(
      lateEvidence({ createDate: "2026-03-03T12:00:00Z" }, "2026-05-01T00:00:00Z", START),
      undefined,
    );
    assert.deepEqual(lateEvidence({ createDate: "2026-04-01T00:00:00Z" }, undefined, START), {
      start: "2026-04-01T00:00:00Z",
      createDate: "2026-04-01T00:00:00Z",
    });
  });

  test("before the window's start without a creation date: nothing says it is younger", () => {
    assert.equal(lateEvidence({}, "2026-05-01T00:00:00Z", START), undefined);
  });
});
