import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { patternCovers } from "../../../core/engine/policy/covers.js";
import { minimalCover } from "../../../core/engine/policy/generalize.js";
import { hasWildcard, policyGlobMatch } from "../../../core/engine/policy/glob.js";

/** Every pair compared: what the indexed cover must always give. */
function reference(patterns: string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  const wild = unique.filter(hasWildcard);
  const keptWild = wild.filter((p) => !wild.some((q) => q !== p && patternCovers(q, p)));
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
