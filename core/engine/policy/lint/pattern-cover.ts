import { ANY, type GlobToken, ONE, tokenize } from "../glob.js";

/**
 * Whether every string `specific` matches is also matched by `general` (both IAM wildcard patterns,
 * case-sensitive as ARNs are). A `*` in `general` may absorb any part of `specific`, wildcards
 * included; a literal in `general` only covers the same literal. This is exact for the patterns
 * policies use and never claims coverage that does not hold. Patterns with policy variables are
 * compared as written: what `${aws:username}` becomes is unknown until a request is made.
 */
export function patternCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  if (general.includes("${") || specific.includes("${")) return false;
  return tokensCover(tokenize(general), tokenize(specific));
}

function tokensCover(g: readonly GlobToken[], s: readonly GlobToken[]): boolean {
  const width = s.length + 1;
  const seen = new Uint8Array((g.length + 1) * width);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const cell = i * width + j;
    if (seen[cell]) continue;
    seen[cell] = 1;
    if (i === g.length && j === s.length) return true;
    if (i === g.length) continue;
    const tg = g[i];
    const ts = s[j];
    if (tg === ANY) {
      stack.push(i + 1, j);
      if (j < s.length) stack.push(i, j + 1);
      continue;
    }
    // A literal or `?` in `general` cannot cover a `*` in `specific`: that `*` may match more.
    if (ts === undefined || ts === ANY) continue;
    if (tg === ONE || tg === ts) stack.push(i + 1, j + 1);
  }
  return false;
}
