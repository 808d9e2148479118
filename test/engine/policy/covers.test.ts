import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { coversByTokens, patternCovers } from "../../../core/engine/policy/covers.js";
import { globMatch } from "../../../core/engine/policy/glob.js";

test("a pattern covers itself, its literal instances and narrower wildcards", () => {
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/*"), true);
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/logs/2026/*"), true);
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/k"), true);
  assert.equal(patternCovers("arn:aws:s3:::b/?", "arn:aws:s3:::b/k"), true);
  assert.equal(patternCovers("*", "anything*"), true);
});

test("a narrower pattern does not cover a wider one", () => {
  assert.equal(patternCovers("arn:aws:s3:::b/logs/*", "arn:aws:s3:::b/*"), false);
  assert.equal(patternCovers("arn:aws:s3:::b/k", "arn:aws:s3:::b/?"), false);
  assert.equal(patternCovers("arn:aws:s3:::b", "arn:aws:s3:::b*"), false);
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::c/k"), false);
});

test("action patterns compare without case", () => {
  assert.equal(patternCovers("s3:get*", "S3:GetObject", true), true);
  assert.equal(patternCovers("s3:Get*", "s3:*", true), false);
});

test("a wildcard covers a policy variable: whatever it becomes, the wildcard matches it", () => {
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}"), true);
  assert.equal(patternCovers("a*", "abc*"), true);
  assert.equal(patternCovers("a*c", "a*"), false);
});

test("an unresolved policy variable covers only the same variable", () => {
  assert.equal(patternCovers("arn:aws:s3:::u/${aws:username}/*", "arn:aws:s3:::u/${aws:username}/x"), true);
  assert.equal(patternCovers("arn:aws:s3:::u/${aws:username}/*", "arn:aws:s3:::u/alice/x"), false);
});

test("covering is sound: whatever the inner pattern matches, the outer one matches too", () => {
  const chars = fc.constantFrom("a", "b", "/", "*", "?");
  const pattern = fc.array(chars, { maxLength: 6 }).map((c) => c.join(""));
  const word = fc.array(fc.constantFrom("a", "b", "/"), { maxLength: 6 }).map((c) => c.join(""));
  fc.assert(
    fc.property(pattern, pattern, word, (outer, inner, s) => {
      if (patternCovers(outer, inner) && globMatch(inner, s))
        assert.ok(globMatch(outer, s), `${outer} ⊇ ${inner} ∋ ${s}`);
    }),
    { numRuns: 5000 },
  );
});

test("the shortcuts for literals and `literal*` agree with the token walk on every pattern", () => {
  const chars = fc.constantFrom("a", "b", "/", "*", "?", "$", "{", "}", "${x}", "${*}", "${$}", "A");
  const pattern = fc.array(chars, { maxLength: 7 }).map((c) => c.join(""));
  // Outer patterns of the shortcut shapes too, so that both sides of each shortcut are met often.
  const literal = fc
    .array(fc.constantFrom("a", "b", "/", "A", "$", "{", "}"), { maxLength: 5 })
    .map((c) => c.join(""));
  const outer = fc.oneof(
    pattern,
    literal,
    literal.map((l) => `${l}*`),
    literal.map((l) => `${l}-??`),
  );
  fc.assert(
    fc.property(outer, pattern, fc.boolean(), (o, i, ignoreCase) => {
      const expected = ignoreCase ? coversByTokens(o.toLowerCase(), i.toLowerCase()) : coversByTokens(o, i);
      assert.equal(patternCovers(o, i, ignoreCase), expected, `${o} ⊇ ${i}`);
    }),
    { numRuns: 20000 },
  );
});

test("remembered walks never answer for another pair whose texts join to the same string", () => {
  // Joined without a separator both pairs read "a*b*a1b2": one is covered, the other is not.
  assert.equal(patternCovers("a*b*", "a1b2"), true);
  assert.equal(patternCovers("a*b", "*a1b2"), false);
  assert.equal(patternCovers("a*b*", "a1b2"), true);
  assert.equal(patternCovers("a*b", "*a1b2"), false);
});

test("a pattern covers itself, variables and wildcards included", () => {
  for (const p of ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::*/?x*", "*", "arn:aws:sqs:*:*:q-??"]) {
    assert.equal(patternCovers(p, p), true, p);
    assert.equal(coversByTokens(p, p), true, p);
  }
});

test("patterns of thousands of characters are compared without overflowing the stack", () => {
  const long = (n: number) => `arn:aws:s3:::b/${"a*".repeat(n)}`;
  assert.equal(patternCovers(long(4000), long(4000)), true, "a pattern still covers itself");
  assert.equal(patternCovers(long(4000), `${long(3999)}x*`), false);
  assert.equal(coversByTokens(`${long(4000)}y`, `${long(4000)}z`), false);
  assert.equal(patternCovers("arn:aws:s3:::b/*", long(4000)), true, "a prefix still covers by its literal");
});

test("an empty ${} is literal text, as evaluation matches it: it covers only what holds it", () => {
  assert.equal(patternCovers("${}", "arn:aws:s3:::b/x"), false);
  assert.equal(patternCovers("arn:aws:s3:::b/${}", "arn:aws:s3:::b/*"), false);
  assert.equal(patternCovers("arn:aws:s3:::b/${}x}", "arn:aws:s3:::b/y"), false);
  assert.equal(patternCovers("arn:aws:s3:::b/${}", "arn:aws:s3:::b/${}"), true);
  assert.equal(patternCovers("arn:aws:s3:::b/*", "arn:aws:s3:::b/${}"), true);
  assert.equal(coversByTokens("arn:aws:s3:::b/${}*", "arn:aws:s3:::b/${}x"), true);
});
