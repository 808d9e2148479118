import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CoverageTracker, coverageGap } from "../../../core/engine/activity/coverage.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";

const window = { start: "2026-09-01T00:00:00.000Z", end: "2026-11-30T00:00:00.000Z" };
const event = (eventTime: string): CloudTrailEvent => ({
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  eventTime,
  awsRegion: "us-east-1",
  recipientAccountId: "111122223333",
});

describe("coverage of the window", () => {
  test("a trail whose only records are older than the window covers nothing: no principal may be called unused", () => {
    const tracker = new CoverageTracker("old logs", [], window);
    tracker.add({ kind: "event", event: event("2025-01-05T10:00:00Z") });
    const coverage = tracker.result();
    assert.equal(coverage.records, 1);
    assert.equal(coverage.inWindow, 0);
    assert.equal(coverage.complete, false);
    assert.equal(coverageGap([coverage], "111122223333"), "old logs read no record inside the window");
  });

  test("one record inside the window, and no failure, makes the source complete", () => {
    const tracker = new CoverageTracker("trail", [], window);
    tracker.add({ kind: "event", event: event("2025-01-05T10:00:00Z") });
    tracker.add({ kind: "event", event: event("2026-10-01T10:00:00Z") });
    const coverage = tracker.result();
    assert.equal(coverage.inWindow, 1);
    assert.equal(coverage.complete, true);
    assert.equal(coverageGap([coverage], "111122223333"), "");
  });

  test("a pre-aggregated row that spans into the window counts as inside it", () => {
    const tracker = new CoverageTracker("athena", [], window);
    tracker.add({
      kind: "summary",
      summary: {
        event: event("2026-08-01T00:00:00Z"),
        count: 3,
        firstSeen: "2026-08-01T00:00:00Z",
        lastSeen: "2026-09-02T00:00:00Z",
      },
    });
    assert.equal(tracker.result().complete, true);
  });
});
