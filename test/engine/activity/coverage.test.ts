import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CoverageTracker, coverageGap } from "../../../core/engine/activity/coverage.js";
import { layoutDay, utcDays } from "../../../core/engine/activity/delivery-days.js";
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

  test("a record whose time names no real second (month 13, February 30, hour 99) leaves the window uncovered", () => {
    for (const time of ["2026-13-45T99:99:99Z", "2026-02-30T10:00:00Z", "2026-10-01T24:00:00Z"]) {
      const tracker = new CoverageTracker("trail", [], window);
      tracker.add({ kind: "event", event: event("2026-10-01T10:00:00Z") });
      tracker.add({ kind: "event", event: event(time) });
      const coverage = tracker.result();
      assert.equal(coverage.complete, false, time);
      assert.deepEqual(coverage.failures, [
        { what: `ListBuckets at ${JSON.stringify(time)}`, message: "its time cannot be read" },
      ]);
      assert.equal(coverage.end, "2026-10-01T10:00:00.000Z", time);
    }
  });

  test("the span read is the instant each record's time names, in every year and offset an export may write", () => {
    const times = [
      "2026-10-01T10:00:00Z",
      "2024-02-29T23:59:59Z",
      "1969-12-31T23:59:59Z",
      "0050-06-01T00:00:00Z",
      "0100-03-01T00:00:01Z",
      "2026-10-01 12:30:00.000000000",
      "2026-10-01T00:30:00+02:00",
      "9999-12-31T23:00:00-02:00",
    ];
    for (const time of times) {
      const tracker = new CoverageTracker("trail", [], window);
      tracker.add({ kind: "event", event: event(time) });
      const coverage = tracker.result();
      const iso = time.replace(" ", "T").replace(/\.0+$/, "Z");
      const expected = new Date(Date.parse(iso)).toISOString();
      assert.equal(coverage.start, expected, time);
      assert.equal(coverage.end, expected, time);
      assert.deepEqual(coverage.failures, [], time);
    }
  });

  const row = (firstSeen: string, lastSeen: string, recipientAccountId = "111122223333") => ({
    kind: "summary" as const,
    summary: { event: { ...event(firstSeen), recipientAccountId }, count: 3, firstSeen, lastSeen },
  });

  const presence = (days: string[], account = "111122223333", region = "us-east-1") => ({
    kind: "extent" as const,
    extent: { delivered: [{ account, region, days }] },
  });

  test("a pre-aggregated row that spans into the window counts as inside it", () => {
    const tracker = new CoverageTracker("athena", [], window);
    tracker.add(row("2026-08-01T00:00:00Z", "2026-09-02T00:00:00Z"));
    tracker.add(row("2026-09-03T00:00:00Z", "2026-11-29T23:00:00Z"));
    tracker.add(presence(utcDays(window)));
    const coverage = tracker.result();
    assert.equal(coverage.inWindow, 2);
    assert.deepEqual(coverage.gaps, []);
    assert.equal(coverage.complete, true);
  });

  test("aggregated rows spanning the window leave a month without records inside it a gap", () => {
    // Rows from the window's first day to its last, but October's partitions are missing: a row's
    // first and last record say nothing of the days between them.
    const tracker = new CoverageTracker("athena", [], window);
    tracker.add(row("2026-09-01T00:00:00Z", "2026-11-29T12:00:00Z"));
    tracker.add(presence(utcDays(window).filter((day) => !day.startsWith("2026-10"))));
    const coverage = tracker.result();
    assert.equal(coverage.complete, false);
    assert.deepEqual(
      coverage.gaps.map((g) => [g.account, g.region, g.days.length, g.days[0], g.days.at(-1)]),
      [["111122223333", "us-east-1", 31, "2026-10-01", "2026-10-31"]],
    );
    assert.match(coverageGap([coverage], "111122223333"), /holds no log for 31 day\(s\)/);
  });

  test("an aggregated row of a trail stopped inside the window leaves the source incomplete, as its events would", () => {
    // Athena's rows group StopLogging like any call: the row still says a trail stopped in the window.
    const stopped = (outcome: Partial<CloudTrailEvent>) => {
      const tracker = new CoverageTracker("athena", [], window);
      tracker.add(row("2026-09-01T00:00:00Z", "2026-11-29T12:00:00Z"));
      const at = "2026-10-01T10:00:00Z";
      const stop = {
        ...event(at),
        eventSource: "cloudtrail.amazonaws.com",
        eventName: "StopLogging",
        ...outcome,
      };
      tracker.add({ kind: "summary", summary: { event: stop, count: 1, firstSeen: at, lastSeen: at } });
      tracker.add(presence(utcDays(window)));
      return tracker.result().complete;
    };
    assert.equal(stopped({}), false);
    assert.equal(stopped({ errorCode: "AccessDenied" }), true);
  });

  test("a time written without an offset is UTC, as the aggregate reads it, wherever whittle runs", () => {
    // A SIEM export's StopLogging at 22:00 UTC on the window's last day: read in the local time of
    // a machine in California, it fell after the window's end, and the stopped trail's silence
    // counted for the whole window.
    const tz = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const tracker = new CoverageTracker("export", [], window);
      tracker.add({ kind: "event", event: event("2026-10-01 10:00:00") });
      const stop = {
        ...event("2026-11-29 22:00:00"),
        eventSource: "cloudtrail.amazonaws.com",
        eventName: "StopLogging",
      };
      tracker.add({ kind: "event", event: stop });
      const coverage = tracker.result();
      assert.equal(coverage.complete, false);
      assert.match(coverage.failures[0]?.what ?? "", /^StopLogging/);
      assert.equal(coverage.end, "2026-11-29T22:00:00.000Z");
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  test("aggregated rows without per-day evidence leave every day of the window unknown", () => {
    // Results of a query that did not count the days: their span alone proves no day.
    const tracker = new CoverageTracker("athena", [], window);
    tracker.add(row("2026-09-01T00:00:00Z", "2026-11-29T12:00:00Z"));
    const coverage = tracker.result();
    assert.equal(coverage.complete, false);
    assert.deepEqual(coverage.gaps, [{ account: "111122223333", region: "*", days: utcDays(window) }]);
  });

  test("aggregated rows that start or stop inside the window leave its other days unknown", () => {
    // A table whose partitions begin on 1 November: September and October's calls are not in it.
    const november = utcDays(window).filter((day) => day >= "2026-11-01" && day <= "2026-11-27");
    const tracker = new CoverageTracker("athena", [], window);
    tracker.add(row("2026-11-01T08:00:00Z", "2026-11-20T10:00:00Z"));
    tracker.add(row("2026-11-02T00:00:00Z", "2026-11-27T23:59:59Z"));
    tracker.add(row("2026-09-01T00:00:00Z", "2026-11-29T12:00:00Z", "444455556666"));
    tracker.add(presence(november));
    tracker.add(presence(utcDays(window), "444455556666"));
    const coverage = tracker.result();
    assert.equal(coverage.complete, false);
    assert.equal(coverage.gaps?.length, 1);
    const [gap] = coverage.gaps!;
    assert.equal(gap?.account, "111122223333");
    assert.equal(gap?.region, "us-east-1");
    assert.equal(gap?.days.length, 30 + 31 + 2);
    assert.deepEqual(
      [gap?.days[0], gap?.days.at(-3), gap?.days.at(-1)],
      ["2026-09-01", "2026-10-31", "2026-11-29"],
    );
    assert.match(
      coverageGap([coverage], "111122223333"),
      /^athena holds no log for 63 day\(s\) of the window \(111122223333 us-east-1 2026-09-01, \.\.\.\)$/,
    );
  });
});

describe("days of the window without evidence", () => {
  const short = { start: "2026-11-01T00:00:00.000Z", end: "2026-11-04T00:00:00.000Z" };
  const at = (time: string, awsRegion = "us-east-1") => ({
    kind: "event" as const,
    event: { ...event(time), awsRegion },
  });

  test("the window's days are every UTC day it touches, the end excluded", () => {
    assert.deepEqual(utcDays(short), ["2026-11-01", "2026-11-02", "2026-11-03"]);
    assert.deepEqual(utcDays({ start: "2026-11-01T23:00:00Z", end: "2026-11-02T00:00:01Z" }), [
      "2026-11-01",
      "2026-11-02",
    ]);
    assert.deepEqual(utcDays({ start: "2026-11-04T00:00:00Z", end: "2026-11-01T00:00:00Z" }), []);
  });

  test("a delivery path names its account, region and day, organization trails included", () => {
    assert.deepEqual(
      layoutDay(
        "/logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/02/111122223333_CloudTrail_x.json.gz",
      ),
      { account: "111122223333", region: "eu-west-1", day: "2026-11-02" },
    );
    assert.deepEqual(
      layoutDay("AWSLogs/o-abcdef1234/210987654321/CloudTrail/us-east-1/2026/01/31/f.json")?.day,
      "2026-01-31",
    );
    assert.equal(layoutDay("/logs/export.json"), undefined);
    assert.equal(
      layoutDay("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/d.json.gz"),
      undefined,
    );
  });

  test("in a trail's folder layout, a day whose partition held no file is a gap, named by account and region", () => {
    const tracker = new CoverageTracker("folder", [], short);
    tracker.add(at("2026-11-01T10:00:00Z"));
    tracker.add({
      kind: "extent",
      extent: {
        delivered: [
          { account: "111122223333", region: "us-east-1", days: ["2026-11-01", "2026-11-02", "2026-11-03"] },
          { account: "111122223333", region: "eu-west-1", days: ["2026-11-01", "2026-10-30"] },
        ],
      },
    });
    const coverage = tracker.result();
    assert.deepEqual(coverage.gaps, [
      { account: "111122223333", region: "eu-west-1", days: ["2026-11-02", "2026-11-03"] },
    ]);
    assert.equal(coverage.complete, false);
    assert.equal(
      coverageGap([coverage], "111122223333"),
      "folder holds no log for 2 day(s) of the window (111122223333 eu-west-1 2026-11-02, ...)",
    );
  });

  test("every day of every region delivered: complete", () => {
    const tracker = new CoverageTracker("folder", [], short);
    tracker.add(at("2026-11-01T10:00:00Z"));
    const days = ["2026-11-01", "2026-11-02", "2026-11-03"];
    tracker.add({
      kind: "extent",
      extent: { delivered: [{ account: "111122223333", region: "us-east-1", days }] },
    });
    assert.deepEqual(tracker.result().gaps, []);
    assert.equal(tracker.result().complete, true);
  });

  test("files without a layout: a day no record of a region falls on is a gap, even in a quiet region", () => {
    const tracker = new CoverageTracker("flat", [], short);
    for (const day of ["01", "02", "03"]) tracker.add(at(`2026-11-${day}T10:00:00Z`));
    tracker.add(at("2026-11-02T10:00:00Z", "eu-west-1"));
    tracker.add({ kind: "extent", extent: { delivered: [], daysFromRecords: true } });
    const coverage = tracker.result();
    assert.deepEqual(coverage.gaps, [
      { account: "111122223333", region: "eu-west-1", days: ["2026-11-01", "2026-11-03"] },
    ]);
    assert.equal(coverage.complete, false);
  });

  test("files without a layout: records that name no account or region still leave the days none falls on a gap", () => {
    // An export that drops recipientAccountId or awsRegion: one record of 2 November vouched for no
    // day at all, so its whole window looked covered and a role it never shows looked unused.
    for (const drop of ["recipientAccountId", "awsRegion"] as const) {
      const tracker = new CoverageTracker("flat", [], short);
      tracker.add({ kind: "event", event: { ...event("2026-11-02T10:00:00Z"), [drop]: undefined } });
      tracker.add({ kind: "extent", extent: { delivered: [], daysFromRecords: true } });
      const coverage = tracker.result();
      assert.deepEqual(
        coverage.gaps.map((g) => g.days),
        [["2026-11-01", "2026-11-03"]],
        drop,
      );
      assert.equal(coverage.complete, false, drop);
    }
  });

  test("files without a layout: a record's day is its UTC day, whatever offset an export writes its time in", () => {
    // 2026-11-03T00:30:00+02:00 is 2026-11-02T22:30Z: nothing shows 3 November logged, and a call
    // made only that day would otherwise look unused.
    const tracker = new CoverageTracker("flat", [], short);
    for (const time of ["2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", "2026-11-03T00:30:00+02:00"])
      tracker.add(at(time));
    tracker.add({ kind: "extent", extent: { delivered: [], daysFromRecords: true } });
    const coverage = tracker.result();
    assert.deepEqual(coverage.gaps, [{ account: "111122223333", region: "us-east-1", days: ["2026-11-03"] }]);
    assert.equal(coverage.complete, false);
  });

  test("a window ending during a day does not ask for that day's files yet", () => {
    const tracker = new CoverageTracker("folder", [], {
      start: short.start,
      end: "2026-11-03T03:00:00.000Z",
    });
    tracker.add(at("2026-11-01T10:00:00Z"));
    const delivered = [{ account: "111122223333", region: "us-east-1", days: ["2026-11-01", "2026-11-02"] }];
    tracker.add({ kind: "extent", extent: { delivered } });
    assert.deepEqual(tracker.result().gaps, []);
    const whole = new CoverageTracker("folder", [], short);
    whole.add(at("2026-11-01T10:00:00Z"));
    whole.add({ kind: "extent", extent: { delivered } });
    assert.deepEqual(whole.result().gaps, [
      { account: "111122223333", region: "us-east-1", days: ["2026-11-03"] },
    ]);
  });

  test("sources that are not delivery files (LookupEvents, Athena rows) ask for no per-day evidence", () => {
    const tracker = new CoverageTracker("lookup", [], short);
    tracker.add(at("2026-11-02T10:00:00Z"));
    tracker.add({ kind: "extent", extent: { regions: ["us-east-1"], complete: true } });
    assert.deepEqual(tracker.result().gaps, []);
    assert.equal(tracker.result().complete, true);
  });
});

describe("records that name no account", () => {
  const unnamed = (eventTime: string): CloudTrailEvent => {
    const { recipientAccountId: _, ...rest } = event(eventTime);
    return rest;
  };

  test("in another account's trail folders, they vouch for that account only", () => {
    const tracker = new CoverageTracker("copy of 444455556666's trail", [], window);
    const days = utcDays(window);
    for (const day of days) tracker.add({ kind: "event", event: unnamed(`${day}T10:00:00Z`) });
    tracker.add({
      kind: "extent",
      extent: { delivered: [{ account: "444455556666", region: "us-east-1", days }] },
    });
    const coverage = tracker.result();
    assert.equal(coverage.complete, true);
    assert.deepEqual(coverage.accounts, ["444455556666"]);
    assert.equal(coverageGap([coverage], "444455556666"), "");
    assert.equal(coverageGap([coverage], "111122223333"), "no source read account 111122223333");
  });

  test("outside any trail folder, they vouch for no account: they may be any account's", () => {
    const tracker = new CoverageTracker("export", [], window);
    for (const day of utcDays(window)) tracker.add({ kind: "event", event: unnamed(`${day}T10:00:00Z`) });
    tracker.add({ kind: "extent", extent: { delivered: [], daysFromRecords: true } });
    const coverage = tracker.result();
    assert.equal(coverage.complete, true);
    assert.equal(coverageGap([coverage], "111122223333"), "no source read account 111122223333");
  });
});

describe("account folders whose records name another account", () => {
  test("vouch only for the account the records name, not for the folder a copy sat in", () => {
    // 111122223333's trail files, copied under 444455556666's folder: the folder name is only a key.
    const tracker = new CoverageTracker("copy", [], window);
    const days = utcDays(window);
    for (const day of days) tracker.add({ kind: "event", event: event(`${day}T10:00:00Z`) });
    tracker.add({
      kind: "extent",
      extent: { delivered: [{ account: "444455556666", region: "us-east-1", days }] },
    });
    const coverage = tracker.result();
    assert.deepEqual(coverage.accounts, ["111122223333"]);
    assert.equal(coverageGap([coverage], "444455556666"), "no source read account 444455556666");
  });
});

describe("account folders beside records that name no account", () => {
  test("a record without an account elsewhere does not make a folder of another account's copies vouch", () => {
    // 111122223333's trail files copied under 444455556666's folder, and one record, from some other
    // file, that dropped recipientAccountId: nothing says that record is 444455556666's.
    const tracker = new CoverageTracker("copy", [], window);
    const days = utcDays(window);
    for (const day of days) tracker.add({ kind: "event", event: event(`${day}T10:00:00Z`) });
    const { recipientAccountId: _, ...unnamed } = event(`${days[0]}T11:00:00Z`);
    tracker.add({ kind: "event", event: unnamed as CloudTrailEvent });
    tracker.add({
      kind: "extent",
      extent: { delivered: [{ account: "444455556666", region: "us-east-1", days }] },
    });
    const coverage = tracker.result();
    assert.deepEqual(coverage.accounts, ["111122223333"]);
    assert.equal(coverageGap([coverage], "444455556666"), "no source read account 444455556666");
  });
});
