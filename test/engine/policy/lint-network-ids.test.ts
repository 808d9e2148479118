import assert from "node:assert/strict";
import { test } from "node:test";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { catalog } from "../../helpers/catalog.js";

const withCondition = (key: string, value: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
      Condition: { StringEquals: { [key]: value } },
    },
  ],
});

test("a condition key spelled as a JavaScript object property lints without a check failing", () => {
  for (const key of ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"]) {
    const problems = lintPolicy(catalog, JSON.stringify(withCondition(key, "x")), { kind: "identity" });
    assert.deepEqual(
      problems.filter((p) => p.code === "check-failed"),
      [],
      key,
    );
    assert.ok(
      problems.some((p) => p.code === "invalid-condition-key-format"),
      `${key}: ${JSON.stringify(problems)}`,
    );
  }
});

test("a region value that is no region is still reported", () => {
  const problems = lintPolicy(catalog, withCondition("aws:RequestedRegion", "moon-1"), { kind: "identity" });
  assert.ok(
    problems.some((p) => p.code === "invalid-region-value"),
    JSON.stringify(problems),
  );
});
