import assert from "node:assert/strict";
import { test } from "node:test";
import { deliveringTo } from "../../../core/engine/activity/trail-delivery.js";
import { defaultLogging, type TrailLogging } from "../../../core/engine/activity/trail-logging.js";

const delivered = (trail: string, bucket: string, prefix?: string): TrailLogging => ({
  trail,
  ...defaultLogging(),
  delivery: { bucket, ...(prefix ? { prefix } : {}) },
});

test("a bucket read holds the files of the trails delivering into it under the key prefix read", () => {
  const trails = [
    delivered("org", "archive", "org"),
    delivered("objects", "archive", "objects/"),
    delivered("local", "local-logs"),
    { trail: "undescribed", ...defaultLogging() },
  ];
  const names = (bucket: string, prefix?: string) =>
    deliveringTo(trails, [{ bucket, ...(prefix ? { prefix } : {}) }]).map((t) => t.trail);
  assert.deepEqual(names("archive"), ["undescribed"], "the bucket's AWSLogs/ holds neither prefix's files");
  assert.deepEqual(names("archive", "org/"), ["org", "undescribed"]);
  assert.deepEqual(names("archive", "objects"), ["objects", "undescribed"]);
  assert.deepEqual(names("local-logs"), ["local", "undescribed"]);
  assert.deepEqual(names("other"), ["undescribed"]);
});
