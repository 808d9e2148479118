import assert from "node:assert/strict";
import { test } from "node:test";
import { certainlyRecorded, trailAlternatives } from "../../../core/engine/activity/trail-alternatives.js";
import { withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import { defaultLogging, type TrailLogging } from "../../../core/engine/activity/trail-logging.js";

const trail = (name: string, bucket?: string, prefix?: string): TrailLogging => ({
  trail: name,
  ...defaultLogging(),
  ...(bucket ? { delivery: { bucket, ...(prefix ? { prefix } : {}) } } : {}),
});
const names = (groups: TrailLogging[][]) => groups.map((g) => g.map((t) => t.trail));

test("trails are alternatives unless they deliver to one bucket and prefix; a bucket read picks its own", () => {
  const trails = [trail("a", "logs"), trail("b", "logs", "/"), trail("c", "other"), trail("d")];
  assert.deepEqual(names(trailAlternatives(trails)), [["a", "b"], ["c"], ["d"]]);
  assert.deepEqual(names(trailAlternatives(trails, { bucket: "other" })), [["c"]]);
  // An Athena table or a local copy says nothing of the bucket: every group stays an alternative.
  assert.deepEqual(names(trailAlternatives(trails, { bucket: "elsewhere" })), [["a", "b"], ["c"], ["d"]]);
});

test("a thing is certainly recorded when every alternative of some source records it, beside the certain trails", () => {
  const has = (name: string) => (list: readonly TrailLogging[]) => list.some((t) => t.trail === name);
  const either = [[trail("a")], [trail("b")]];
  assert.equal(certainlyRecorded([either], has("a")), false);
  assert.equal(certainlyRecorded([either, [[trail("a")]]], has("a")), true);
  const both = (list: readonly TrailLogging[]) => has("a")(list) && has("c")(list);
  assert.equal(certainlyRecorded([[[trail("c")]], [[trail("a")], [trail("a"), trail("b")]]], both), true);
});

test("describe-trails output gives each trail's bucket and key prefix", () => {
  const [described] = withDescriptions(
    [trail("arn:aws:cloudtrail:us-east-1:111122223333:trail/main")],
    [
      {
        TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
        IsMultiRegionTrail: true,
        S3BucketName: "org-logs",
        S3KeyPrefix: "main",
      },
    ],
  );
  assert.deepEqual(described?.delivery, { bucket: "org-logs", prefix: "main" });
});
