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
  if (a.length === 0 || b.length === 0 || (a.length + 1) * (b.length + 1) > MAX_CELLS)
    return [
      ...a.map((text): DiffLine => ({ op: "-", text })),
      ...b.map((text): DiffLine => ({ op: "+", text })),
    ];
  // Lines compared as numbers: two equal lines are usually two strings, compared character by
  // character in each of the table's millions of cells. The after side is numbered first, so a
  // before line whose number is past those can match nothing.
  const ids = new Map<string, number>();
  const id = (text: string) => {
    let n = ids.get(text);
    if (n === undefined) {
      n = ids.size;
      ids.set(text, n);
    }
    return n;
  };
  const y = Int32Array.from(b, id);
  const inAfter = ids.size;
  const x = Int32Array.from(a, id);
  // Before lines that match nothing have a row equal to the next one, and the walk below always
  // steps down through it: they are left out of the table and written as removed where the walk
  // leaves the row before them, as it would have stepped through them.
  const kept: number[] = [];
  for (let i = 0; i < a.length; i++) if (x[i]! < inAfter) kept.push(i);
  const rows = kept.length;
  const cols = b.length + 1;
  // lcs[r * cols + j] = LCS length of the kept lines from r on and b[j..]; the last row and column are zero.
  const lcs = table((rows + 1) * cols);
  lcs.fill(0, rows * cols, (rows + 1) * cols);
  for (let r = rows - 1; r >= 0; r--) {
    const row = r * cols;
    const below = row + cols;
    const xr = x[kept[r]!]!;
    lcs[row + b.length] = 0;
    for (let j = b.length - 1; j >= 0; j--)
      lcs[row + j] = xr === y[j] ? lcs[below + j + 1]! + 1 : Math.max(lcs[below + j]!, lcs[row + j + 1]!);
  }
  const out: DiffLine[] = [];
  let next = 0;
  const removeUpTo = (end: number) => {
    while (next < end) out.push({ op: "-", text: a[next++]! });
  };
  const nextKept = (r: number) => (r < rows ? kept[r]! : a.length);
  removeUpTo(nextKept(0));
  let r = 0;
  let j = 0;
  while (r < rows && j < b.length) {
    const i = kept[r]!;
    if (x[i] === y[j]) {
      out.push({ op: " ", text: a[i]! });
      j++;
    } else if (lcs[(r + 1) * cols + j]! >= lcs[r * cols + j + 1]!) out.push({ op: "-", text: a[i]! });
    else {
      out.push({ op: "+", text: b[j++]! });
      continue;
    }
    next = i + 1;
    r++;
    removeUpTo(nextKept(r));
  }
  removeUpTo(a.length);
  while (j < b.length) out.push({ op: "+", text: b[j++]! });
  return out;
}

/**
 * The LCS table, reused from one diff to the next: a report diffs thousands of policies, and a
 * new table each time (up to MAX_CELLS) left megabytes of buffers to free after every one. Its
 * cells fit 16 bits: under MAX_CELLS the shorter side, and so the LCS, is at most 2,000 lines.
 */
let scratch = new Uint16Array(0);
function table(cells: number): Uint16Array {
  if (scratch.length < cells) scratch = new Uint16Array(cells);
  return scratch;
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
