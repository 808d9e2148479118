import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedCache } from "../../../core/engine/policy/bounded-cache.js";
import { globMatch, PATTERN_CACHE_LIMIT, policyGlobMatch } from "../../../core/engine/policy/glob.js";

test("a bounded cache never holds more than its limit and answers what was set last", () => {
  const cache = new BoundedCache<number>(3);
  for (let i = 0; i < 10; i++) {
    assert.equal(cache.set(`k${i}`, i), i);
    assert.ok(cache.size <= 3);
    assert.equal(cache.get(`k${i}`), i);
  }
  assert.equal(cache.get("k0"), undefined);
});

test("pattern matching answers the same once the pattern caches have started afresh", () => {
  const arn = (i: number) => `arn:aws:s3:::bucket-${i}/*`;
  const first = [
    globMatch(arn(0), "arn:aws:s3:::bucket-0/key"),
    globMatch(arn(0), "arn:aws:s3:::bucket-1/key"),
  ];
  const variable = policyGlobMatch("arn:aws:s3:::b/${*}x", "arn:aws:s3:::b/*x");
  // One account's worth of distinct ARNs more than the caches keep.
  for (let i = 1; i <= PATTERN_CACHE_LIMIT + 10; i++) globMatch(arn(i), "arn:aws:s3:::other/key");
  for (let i = 1; i <= PATTERN_CACHE_LIMIT + 10; i++) policyGlobMatch(`${arn(i)}\${?}`, "x");
  assert.deepEqual(first, [true, false]);
  assert.deepEqual(
    [globMatch(arn(0), "arn:aws:s3:::bucket-0/key"), globMatch(arn(0), "arn:aws:s3:::bucket-1/key")],
    first,
  );
  assert.equal(variable, true);
  assert.equal(policyGlobMatch("arn:aws:s3:::b/${*}x", "arn:aws:s3:::b/*x"), true);
  assert.equal(policyGlobMatch("arn:aws:s3:::b/${*}x", "arn:aws:s3:::b/yx"), false);
});
