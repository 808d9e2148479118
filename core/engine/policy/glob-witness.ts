import { BoundedCache } from "./bounded-cache.js";
import { PATTERN_CACHE_LIMIT } from "./glob.js";

/** Characters that may stand for "any character no pattern names"; the first one unused is taken. */
const FILLERS = "xyzqjkvw0123456789";
/** Past this many states searched the patterns are given up on: a bound on the cost, above what ARN patterns take. */
const MAX_STATES = 512;

/** What the search answers when it stops at MAX_STATES: a name may exist, or not. */
export const GAVE_UP = Symbol("gave up");

const witnesses = new BoundedCache<string | null | typeof GAVE_UP>(PATTERN_CACHE_LIMIT);

/**
 * A short string every IAM wildcard pattern (`*`, `?`) matches, or undefined when none does (or
 * the search would be too long): one of the patterns with its wildcards filled where that does,
 * else a shortest one. A search over the patterns' positions taken together: each step
 * reads a character that some pattern names next, or one no pattern names (all such characters
 * behave alike), so the walk is as long as the patterns, not the alphabet; the characters the
 * patterns still need steer it (A*), so it seldom strays from the name it finds. Policy text with
 * `${…}` is not a plain pattern: callers leave it out.
 */
export function globsWitness(patterns: readonly string[]): string | undefined {
  const found = globsWitnessSearched(patterns);
  return found === GAVE_UP ? undefined : found;
}

/** globsWitness, telling "none" (undefined) from "not found within the bound" (GAVE_UP). */
export function globsWitnessSearched(patterns: readonly string[]): string | undefined | typeof GAVE_UP {
  const key = patterns.join("\n");
  let found = witnesses.get(key);
  if (found === undefined) found = witnesses.set(key, search(patterns) ?? null);
  return found ?? undefined;
}

function search(patterns: readonly string[]): string | undefined | typeof GAVE_UP {
  const named = new Set<string>();
  for (const p of patterns) for (const ch of p) if (ch !== "*" && ch !== "?") named.add(ch);
  const other = [...FILLERS].find((ch) => !named.has(ch));
  // Mostly one pattern, its wildcards filled, is the name: a prefix the others share.
  for (const p of patterns) {
    const filled = p.replace(/\*/g, "").replace(/\?/g, other ?? "x");
    if (patterns.every((q) => accepts(q, filled))) return filled;
  }
  const left = patterns.map(charactersLeft);
  // At least this many characters remain to be read: each one read advances every pattern by one at most.
  const toGo = (state: number[][]) =>
    Math.max(0, ...state.map((positions, k) => Math.min(...positions.map((i) => left[k]![i]!))));
  const start = patterns.map((p) => closure(p, [0]));
  const seen = new Set<string>([keyOf(start)]);
  const nodes: { state: number[][]; from: number; ch: string; length: number }[] = [
    { state: start, from: -1, ch: "", length: 0 },
  ];
  // A* in buckets by length read plus the least left to read, which never drops by more than the
  // step costs: buckets are taken in order, and the first name taken is a shortest one.
  const buckets: number[][] = [];
  const push = (node: number) => {
    const at = nodes[node]!.length + toGo(nodes[node]!.state);
    const bucket = buckets[at] ?? [];
    bucket.push(node);
    buckets[at] = bucket;
  };
  push(0);
  let expanded = 0;
  for (let cost = 0; cost < buckets.length && expanded < MAX_STATES; cost++) {
    const bucket = buckets[cost];
    for (let b = 0; bucket && b < bucket.length && expanded < MAX_STATES; b++, expanded++) {
      const at = bucket[b]!;
      const { state, length } = nodes[at]!;
      if (state.every((positions, k) => positions.includes(patterns[k]!.length))) return spell(nodes, at);
      const next = new Set<string>();
      state.forEach((positions, k) => {
        for (const i of positions) {
          const ch = patterns[k]![i];
          if (ch !== undefined && ch !== "*" && ch !== "?") next.add(ch);
        }
      });
      const chars = [...next].sort();
      if (other !== undefined) chars.push(other);
      for (const ch of chars) {
        const moved = state.map((positions, k) => step(patterns[k]!, positions, ch));
        if (moved.some((positions) => positions.length === 0)) continue;
        const key = keyOf(moved);
        if (seen.has(key)) continue;
        seen.add(key);
        push(nodes.push({ state: moved, from: at, ch, length: length + 1 }) - 1);
      }
    }
  }
  return expanded < MAX_STATES ? undefined : GAVE_UP;
}

/** Per position of a pattern, how many characters it must still read (every token but `*`). */
function charactersLeft(pattern: string): number[] {
  const left = new Array<number>(pattern.length + 1).fill(0);
  for (let i = pattern.length - 1; i >= 0; i--) left[i] = left[i + 1]! + (pattern[i] === "*" ? 0 : 1);
  return left;
}

/** The positions a pattern may be at, with every `*` free to match nothing; `ascending` in, ascending out. */
function closure(pattern: string, ascending: readonly number[]): number[] {
  const out: number[] = [];
  let last = -1;
  for (let i of ascending) {
    for (;;) {
      if (i > last) {
        out.push(i);
        last = i;
      }
      if (pattern[i] !== "*") break;
      i++;
    }
  }
  return out;
}

function step(pattern: string, positions: readonly number[], ch: string): number[] {
  const moved: number[] = [];
  for (const i of positions) {
    const token = pattern[i];
    if (token === "*") moved.push(i);
    else if (token === "?" || token === ch) moved.push(i + 1);
  }
  return closure(pattern, moved);
}

/**
 * Whether `pattern` matches `text`, by the same walk over positions as the search: linear in the
 * text for each position, where a regular expression backtracks (`*a*a…*b` against a run of a's
 * tries every split).
 */
function accepts(pattern: string, text: string): boolean {
  let positions = closure(pattern, [0]);
  for (let i = 0; i < text.length && positions.length > 0; i++)
    positions = step(pattern, positions, text[i]!);
  return positions.includes(pattern.length);
}

const keyOf = (state: number[][]) => state.map((positions) => positions.join(",")).join("|");

function spell(nodes: readonly { from: number; ch: string }[], at: number): string {
  const chars: string[] = [];
  for (let i = at; i > 0; i = nodes[i]!.from) chars.push(nodes[i]!.ch);
  return chars.reverse().join("");
}
