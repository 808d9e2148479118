/** A line diff for showing current → recommended policies (pretty-printed JSON). */

export type DiffOp = " " | "-" | "+";
export interface DiffLine {
  op: DiffOp;
  text: string;
}

/**
 * Above this many cells the LCS table would cost too much memory; the middle of the diff is then
 * shown as all removed, then all added, which is still correct, only less minimal. Managed
 * policies run to a few thousand lines, recommendations to a few hundred.
 */
const MAX_CELLS = 4_000_000;

/** Longest-common-subsequence diff, after trimming the common prefix and suffix. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const head = before.slice(0, start).map((text): DiffLine => ({ op: " ", text }));
  const tail = before.slice(endA).map((text): DiffLine => ({ op: " ", text }));
  const a = before.slice(start, endA);
  const b = after.slice(start, endB);
  return [...head, ...middle(a, b), ...tail];
}

function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const removed = a.map((text): DiffLine => ({ op: "-", text }));
  const added = b.map((text): DiffLine => ({ op: "+", text }));
  if (a.length === 0 || b.length === 0 || (a.length + 1) * (b.length + 1) > MAX_CELLS)
    return [...removed, ...added];
  const cols = b.length + 1;
  // lcs[i * cols + j] = LCS length of a[i..] and b[j..]
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * cols + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * cols + j + 1]! + 1
          : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
  const out: DiffLine[] = [];
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
  return out;
}

export type DiffRow = DiffLine | { op: "skip"; count: number };

/**
 * Unified-diff style hunks: unchanged runs longer than twice the context collapse into one
 * "N unchanged lines" row, so a reviewer sees the changes and not pages of identical JSON.
 */
export function collapseUnchanged(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const out: DiffRow[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.op !== " ") {
      out.push(lines[i++]!);
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]!.op === " ") end++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    if (end - i > keepBefore + keepAfter + 1) {
      out.push(...lines.slice(i, i + keepBefore));
      out.push({ op: "skip", count: end - i - keepBefore - keepAfter });
      out.push(...lines.slice(end - keepAfter, end));
    } else out.push(...lines.slice(i, end));
    i = end;
  }
  return out;
}
