import { parseArn } from "./arn.js";
import { literalPrefixLength, patternCovers } from "./covers.js";
import { hasWildcard, policyGlobMatch } from "./glob.js";

/**
 * Generalizes many observed resources of one action along ARN structure: siblings under one path
 * become `parent/*` (objects of one prefix; items under one table), greedily merging the largest
 * family first, until at most `max` patterns remain or nothing more can merge. It never widens past
 * the resource's name (S3: the bucket; other services: `type/name`), so `arn:aws:s3:::*` or
 * `table/*` never appear.
 */
export function generalizeResources(resources: readonly string[], max: number): string[] {
  let patterns = minimalCover(resources);
  // Most actions name few resources: nothing to merge, and no lookup tables to build
  // (minimalCover's list is sorted already).
  if (patterns.length <= max) return patterns;
  // Each round looks at every pattern's parent and depth again: worked out once per pattern.
  const parents = new Map<string, string | undefined>();
  const parentPattern = (p: string) => {
    if (!parents.has(p)) parents.set(p, parentOf(p));
    return parents.get(p);
  };
  const depths = new Map<string, number>();
  const depth = (p: string) => {
    let d = depths.get(p);
    if (d === undefined) {
      d = p.split("/").length;
      depths.set(p, d);
    }
    return d;
  };
  while (patterns.length > max) {
    const families = new Map<string, string[]>();
    for (const p of patterns) {
      const parent = parentPattern(p);
      if (!parent) continue;
      const family = families.get(parent);
      if (family) family.push(p);
      else families.set(parent, [p]);
    }
    const best = [...families.entries()]
      .filter(([, children]) => children.length >= 2)
      .sort((a, b) => b[1].length - a[1].length || depth(b[0]) - depth(a[0]) || a[0].localeCompare(b[0]))[0];
    if (!best) {
      // No siblings left to merge: lift the deepest pattern one level and try again.
      const deepest = patterns
        .filter((p) => parentPattern(p))
        .sort((a, b) => depth(b) - depth(a) || a.localeCompare(b))[0];
      if (!deepest) break;
      patterns = minimalCover([...patterns.filter((p) => p !== deepest), parentPattern(deepest)!]);
      continue;
    }
    const merged = new Set(best[1]);
    patterns = minimalCover([...patterns.filter((p) => !merged.has(p)), best[0]]);
  }
  return patterns.sort();
}

/**
 * Drops patterns another pattern in the list already covers. Plain ARNs are checked against the
 * wildcard patterns only (a regex match), so a list of many ARNs and a few folds stays cheap.
 */
export function minimalCover(patterns: readonly string[]): string[] {
  const unique = sortedUnique(patterns);
  // Only a wildcard can cover another pattern: plain ARNs (the usual case) all stay.
  if (!unique.some(hasWildcard)) return unique;
  const wild = unique.filter(hasWildcard);
  const coveredWild = new Set<string>();
  // Two patterns can cover each other (`a/*` and `a/**`): the first in order stays, or both would go.
  for (const q of wild)
    for (const p of mayCover(q, wild))
      if (p !== q && patternCovers(q, p) && (q < p || !patternCovers(p, q))) coveredWild.add(p);
  const keptWild = wild.filter((p) => !coveredWild.has(p));
  const plain = unique.filter((p) => !hasWildcard(p));
  const matched = new Set<string>();
  for (const w of keptWild) for (const p of mayCover(w, plain)) if (policyGlobMatch(w, p)) matched.add(p);
  return [...plain.filter((p) => !matched.has(p)), ...keptWild].sort();
}

/**
 * `[...new Set(strings)].sort()`. Scoping asks for every observed action, most of which name one
 * to three resources: those are placed by insertion, without a set or the sort's work array.
 */
export function sortedUnique(strings: readonly string[]): string[] {
  const n = strings.length;
  if (n > 8) return [...new Set(strings)].sort();
  // A list of one, as most are, without the room for 17 that a push makes.
  if (n === 1) return [strings[0]!];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = strings[i]!;
    let at = out.length;
    while (at > 0 && out[at - 1]! > s) at--;
    if (at > 0 && out[at - 1] === s) continue;
    // Shifted up by hand: a splice would allocate the (empty) list of what it removes.
    out.push(s);
    for (let j = out.length - 1; j > at; j--) out[j] = out[j - 1]!;
    out[at] = s;
  }
  return out;
}

/**
 * The patterns of `sorted` that `pattern` may cover or match: those that start with the literal
 * before its first wildcard or variable, which stand together in sorted order. Hundreds of folded
 * `prefix/*` patterns then cost a binary search each, not a pass over all.
 */
function mayCover(pattern: string, sorted: readonly string[]): readonly string[] {
  const length = literalPrefixLength(pattern);
  if (length <= 0) return sorted;
  const prefix = pattern.slice(0, length);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < sorted.length && sorted[end]!.startsWith(prefix)) end++;
  return sorted.slice(low, end);
}

/** `arn:aws:s3:::b/logs/2026/x` → `arn:aws:s3:::b/logs/2026/*`; `.../b/logs/*` → `.../b/*`. */
function parentOf(pattern: string): string | undefined {
  const arn = parseArn(pattern);
  if (!arn) return undefined;
  const path = arn.resource.replace(/\/\*$/, "");
  const segments = path.split("/");
  const minimum = arn.service === "s3" ? 1 : 2;
  const keep = segments.length - 1;
  if (keep < minimum || segments.slice(0, keep).some((s) => s === "" || s.includes("*"))) return undefined;
  const prefix = pattern.slice(0, pattern.length - arn.resource.length);
  return `${prefix}${segments.slice(0, keep).join("/")}/*`;
}
