import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type DiffLine, diffLines } from "../../../core/engine/report/diff.js";

/**
 * The plain longest-common-subsequence diff, table over every line, strings compared as they are:
 * what report.html's diffs showed before lines were numbered and lines that match nothing left out
 * of the table. The diff must still choose the same rows where several are as short.
 */
function plainDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const a = before.slice(start, endA);
  const b = after.slice(start, endB);
  const cols = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * cols + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * cols + j + 1]! + 1
          : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
  const out: DiffLine[] = before.slice(0, start).map((text) => ({ op: " ", text }));
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: " ", text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * cols + j]! >= lcs[i * cols + j + 1]!) out.push({ op: "-", text: a[i++]! });
    else out.push({ op: "+", text: b[j++]! });
  }
  while (i < a.length) out.push({ op: "-", text: a[i++]! });
  while (j < b.length) out.push({ op: "+", text: b[j++]! });
  for (const text of before.slice(endA)) out.push({ op: " ", text });
  return out;
}

// Few distinct lines, so that lines repeat, match and tie; some only on one side.
const lines = fc.array(
  fc.constantFrom("{", "}", "  ],", '    "s3:GetObject",', '    "s3:PutObject",', "a", "b", "c", "x"),
  {
    maxLength: 40,
  },
);

test("the diff chooses the rows the plain table over every line chooses, ties included", () => {
  fc.assert(
    fc.property(lines, lines, (before, after) => {
      assert.deepEqual(diffLines(before, after), plainDiff(before, after));
    }),
    { numRuns: 2000 },
  );
});

test("a diff after a larger one reads none of the larger one's table", () => {
  const big = Array.from({ length: 300 }, (_, i) => `line ${i % 7}`);
  diffLines(big, [...big].reverse());
  const before = ["{", "a", "b", "}"];
  const after = ["{", "b", "c", "}"];
  assert.deepEqual(diffLines(before, after), plainDiff(before, after));
  assert.deepEqual(
    diffLines(["x", "only before", "y"], ["y", "x"]),
    plainDiff(["x", "only before", "y"], ["y", "x"]),
  );
});

test("before lines that the after side never holds are removed where the plain diff removes them", () => {
  const before = ["gone 1", "a", "gone 2", "gone 3", "b", "c", "gone 4"];
  const after = ["b", "new", "a", "c"];
  assert.deepEqual(diffLines(before, after), plainDiff(before, after));
  assert.deepEqual(diffLines(["gone"], ["new"]), [
    { op: "-", text: "gone" },
    { op: "+", text: "new" },
  ]);
});
