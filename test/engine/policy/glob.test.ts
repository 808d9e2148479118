import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { expandActionPattern } from "../../../core/engine/policy/expand.js";
import { globMatch, policyGlobMatch } from "../../../core/engine/policy/glob.js";
import { catalog } from "../../helpers/catalog.js";

/** The obvious matcher: the pattern as an anchored regular expression. */
function byRegExp(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = [...pattern]
    .map((ch) =>
      ch === "*" ? "[\\s\\S]*" : ch === "?" ? "[\\s\\S]" : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

test("wildcard matching answers as the anchored regular expression does", () => {
  const text = fc.string({
    unit: fc.constantFrom("a", "A", "b", "/", ":", "*", "?", "\n", "é", "É"),
    maxLength: 12,
  });
  fc.assert(
    fc.property(text, text, fc.boolean(), (pattern, value, ignoreCase) => {
      assert.equal(
        globMatch(pattern, value, ignoreCase),
        byRegExp(pattern, value, ignoreCase),
        `${pattern} ~ ${value}`,
      );
    }),
    { numRuns: 5000 },
  );
});

test("escaped wildcards in policy text match only the character", () => {
  assert.equal(policyGlobMatch("arn:aws:s3:::b/${*}*${?}?", "arn:aws:s3:::b/*xy?z"), true);
  assert.equal(policyGlobMatch("arn:aws:s3:::b/${*}*${?}?", "arn:aws:s3:::b/axy?z"), false);
  assert.equal(policyGlobMatch("arn:aws:s3:::b/${*}*${?}?", "arn:aws:s3:::b/*xyzz"), false);
  assert.equal(policyGlobMatch("a${$}*", "a$b"), true);
});

test("a pattern of many stars against a long name is answered at once, not by backtracking", () => {
  // Nearly a match at every split: a regular expression tries them all (minutes at these sizes).
  const pattern = `arn:aws:s3:::bucket/${"*a".repeat(20)}*b`;
  const key = `arn:aws:s3:::bucket/${"a".repeat(1000)}`;
  const started = performance.now();
  assert.equal(globMatch(pattern, key), false);
  assert.equal(policyGlobMatch(`${pattern}\${*}`, key), false);
  assert.equal(globMatch(pattern, `${key}b`), true);
  assert.equal(expandActionPattern(catalog, `s3:${"*e".repeat(25)}*z`).isEmpty(), true);
  assert.ok(performance.now() - started < 1000, `${Math.round(performance.now() - started)} ms`);
});
