import assert from "node:assert/strict";
import { test } from "node:test";
import type { ObservedAction } from "../../../core/engine/generate/types.js";
import { mergeObserved } from "../../../core/engine/plans/observed.js";

const observed = (extra: Partial<ObservedAction>): ObservedAction => ({
  action: "s3:PutBucketPolicy",
  count: 1,
  resources: [],
  unscopedCalls: 0,
  ...extra,
});

test("the members' refused resources merge with their counts: a group keeps what any member reached for", () => {
  const [merged] = mergeObserved([
    [observed({ resources: ["arn:aws:s3:::data"], refused: 1, refusedResources: ["arn:aws:s3:::archive"] })],
    [observed({ count: 0, refused: 2, refusedResources: ["arn:aws:s3:::logs"], refusedUnscoped: 1 })],
    [observed({ refused: 1, refusedResources: ["arn:aws:s3:::archive"] })],
  ]);
  assert.deepEqual(
    [merged?.count, merged?.refused, merged?.refusedResources, merged?.refusedUnscoped],
    [2, 4, ["arn:aws:s3:::archive", "arn:aws:s3:::logs"], 1],
  );
});
