import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { patternCovers } from "../../../core/engine/policy/covers.js";
import { minimalCover, sortedUnique } from "../../../core/engine/policy/generalize.js";
import { hasWildcard, policyGlobMatch } from "../../../core/engine/policy/glob.js";

/** Every pair compared: what the indexed cover must always give. */
function reference(patterns: string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  const wild = unique.filter(hasWildcard);
  // Of patterns that cover each other, the first in order stays.
  const keptWild = wild.filter(
    (p) => !wild.some((q) => q !== p && patternCovers(q, p) && (q < p || !patternCovers(p, q))),
  );
  const literals = unique.filter((p) => !hasWildcard(p) && !keptWild.some((w) => policyGlobMatch(w, p)));
  return [...literals, ...keptWild].sort();
}

test("folded prefixes drop the ARNs and narrower patterns under them, and nothing else", () => {
  const arn = (k: string) => `arn:aws:s3:::b/${k}`;
  assert.deepEqual(
    minimalCover([
      arn("logs/1"),
      arn("logs/*"),
      arn("logs/2026/*"),
      arn("logsx"),
      arn("data/1"),
      arn("l?gs/3"),
    ]),
    [arn("data/1"), arn("l?gs/3"), arn("logs/*"), arn("logsx")],
  );
});

test("the indexed cover equals the pairwise one on any list of patterns", () => {
  const piece = fc.constantFrom("a", "b", "/", "*", "?", "$", "${x}", "${*}", "ab/", "a/*", "b*", "-??");
  const pattern = fc.array(piece, { maxLength: 5 }).map((p) => p.join(""));
  fc.assert(
    fc.property(fc.array(pattern, { maxLength: 12 }), (patterns) => {
      assert.deepEqual(minimalCover(patterns), reference(patterns));
    }),
    { numRuns: 5000 },
  );
});

test("patterns that cover each other keep one of them, so what they match stays covered", () => {
  const arn = (k: string) => `arn:aws:s3:::b/${k}`;
  assert.deepEqual(minimalCover([arn("x/*"), arn("x/**"), arn("x/k")]), [arn("x/*")]);
  assert.deepEqual(minimalCover([arn("x/a**"), arn("x/a*")]), [arn("x/a*")]);
});

test("whatever a list of patterns matches, its minimal cover still matches", () => {
  const piece = fc.constantFrom("a", "b", "/", "*", "**", "?", "a/*", "b*", "-??", "x");
  const pattern = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => `arn:aws:s3:::b/${p.join("")}`);
  // A value a pattern matches: each `*` becomes some text (none included), each `?` one character.
  const fill = fc.array(fc.constantFrom("", "a", "/", "zz/q", "b"), { minLength: 8, maxLength: 8 });
  const instance = (p: string, fills: string[]) => {
    let i = 0;
    return p.replace(/\*|\?/g, (c) => (c === "?" ? "q" : fills[i++ % fills.length]!));
  };
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 10 }), fill, (patterns, fills) => {
      const cover = minimalCover(patterns);
      for (const p of patterns) {
        const value = instance(p, fills);
        assert.ok(policyGlobMatch(p, value), `${p} matches ${value}`);
        assert.ok(
          cover.some((c) => c === value || policyGlobMatch(c, value)),
          `${value} (from ${p}) is still matched by ${JSON.stringify(cover)}`,
        );
      }
    }),
    { numRuns: 3000 },
  );
});

test("sortedUnique is the sorted list of distinct strings, short lists and long", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 20 }), (strings) => {
      assert.deepEqual(sortedUnique(strings), [...new Set(strings)].sort());
    }),
  );
  assert.deepEqual(sortedUnique(["b", "a", "b", "A", "a"]), ["A", "a", "b"]);
});
