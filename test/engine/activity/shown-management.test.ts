import assert from "node:assert/strict";
import { test } from "node:test";
import { CoverageTracker } from "../../../core/engine/activity/coverage.js";
import { shownSides } from "../../../core/engine/activity/shown-management.js";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";

const window = { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" };
const record = (e: Partial<CloudTrailEvent>): ActivityItem => ({
  kind: "event",
  event: {
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    eventTime: "2026-01-10T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: "123456789012",
    ...e,
  },
});
const read = record({ readOnly: true, managementEvent: true, eventCategory: "Management" });
const write = record({ eventName: "CreateTags", readOnly: false, managementEvent: true });
const kmsRead = record({
  eventSource: "kms.amazonaws.com",
  eventName: "Decrypt",
  readOnly: true,
  eventCategory: "Management",
});
// A data event is read-only or not too, yet says nothing of the trail's management events.
const dataRead = record({
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  readOnly: true,
  managementEvent: false,
  eventCategory: "Data",
});

const counted = (...items: ActivityItem[]) => {
  const tracker = new CoverageTracker("copy", [], window);
  for (const item of items) tracker.add(item);
  return shownSides(defaultLogging(), tracker.shownManagement());
};

test("a side no management record shows is counted on for nothing; data events show none", () => {
  const { counted: trail, lacking } = counted(write, dataRead);
  assert.equal(trail.management.read, false);
  assert.deepEqual(trail.management.write, {
    excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"],
  });
  assert.deepEqual(lacking, ["read-only management events", "AWS KMS events", "RDS Data API events"]);
});

test("an excludable source shown on one side only is left out of the other", () => {
  const { counted: trail, lacking } = counted(read, write, kmsRead);
  assert.deepEqual(trail.management.read, { excludedSources: ["rdsdata.amazonaws.com"] });
  assert.deepEqual(trail.management.write, {
    excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"],
  });
  assert.deepEqual(lacking, ["AWS KMS write events", "RDS Data API events"]);
});

test("records naming no eventVersion, nor whether they are management events, show no side", () => {
  // CloudTrail writes eventVersion in every record: a copy without it was rewritten by an export or
  // a forwarder, which may have kept write events alone.
  const bare = record({ eventName: "CreateTags", readOnly: false });
  const { counted: trail, lacking } = counted(bare);
  assert.deepEqual(trail.management, { read: false, write: false });
  assert.equal(lacking.length, 1);
  assert.match(lacking[0]!, /no record carries managementEvent or eventCategory/);
});

test("CloudTrail records that cannot say whether they are management events show no side", () => {
  // eventVersion 1.05 predates managementEvent; a 1.08 record without either field was stripped.
  for (const eventVersion of ["1.05", "1.08"]) {
    const writes = record({ eventName: "CreateTags", eventVersion, readOnly: false });
    const reads = record({ eventVersion, readOnly: true });
    const { counted: trail, lacking } = counted(writes, reads);
    assert.deepEqual(trail.management, { read: false, write: false }, eventVersion);
    assert.equal(lacking.length, 1, eventVersion);
    assert.match(lacking[0]!, /managementEvent/);
  }
});

test("beside records saying they are management events, those that cannot say show no side", () => {
  const old = record({ eventVersion: "1.05", readOnly: true });
  const { counted: trail, lacking } = counted(old, write);
  assert.equal(trail.management.read, false);
  assert.notEqual(trail.management.write, false);
  assert.ok(lacking.includes("read-only management events"), JSON.stringify(lacking));
});

test("only records inside the window show what the trail logged in it", () => {
  // The trail logged reads until December, then write events alone (its selectors changed before
  // the window, where no change inside it shows).
  const before = record({ eventTime: "2025-12-01T00:00:00Z", readOnly: true, managementEvent: true });
  const after = record({ eventTime: "2026-02-03T00:00:00Z", readOnly: true, managementEvent: true });
  for (const outside of [before, after]) {
    const { counted: trail, lacking } = counted(outside, write);
    assert.equal(trail.management.read, false);
    assert.ok(lacking.includes("read-only management events"), JSON.stringify(lacking));
  }
});

test("what parts of one source show, merged in any order, is what the whole shows", () => {
  const items = [read, dataRead, write, kmsRead];
  const whole = new CoverageTracker("copy", [], window);
  for (const item of items) whole.add(item);
  for (const order of [items, [...items].reverse()]) {
    const merged = new CoverageTracker("copy", [], window);
    for (const item of order) {
      const apart = new CoverageTracker("", [], window);
      apart.add(item);
      merged.merge(apart.part());
    }
    assert.equal(merged.shownManagement(), whole.shownManagement());
  }
});

test("the management events each region shows survive the merge of parts read apart", () => {
  const part = (...items: ActivityItem[]) => {
    const tracker = new CoverageTracker("copy", [], window);
    for (const item of items) tracker.add(item);
    return tracker.part();
  };
  const whole = new CoverageTracker("copy", [], window);
  whole.merge(part(read));
  whole.merge(
    part(record({ eventName: "CreateTags", readOnly: false, managementEvent: true, awsRegion: "eu-west-1" })),
  );
  const byRegion = whole.shownManagementIn();
  assert.deepEqual([...byRegion.keys()].sort(), ["eu-west-1", "us-east-1"]);
  const east = shownSides(defaultLogging(), byRegion.get("us-east-1")!).counted.management;
  const west = shownSides(defaultLogging(), byRegion.get("eu-west-1")!).counted.management;
  assert.notEqual(east.read, false);
  assert.equal(east.write, false);
  assert.equal(west.read, false);
  assert.notEqual(west.write, false);
});
