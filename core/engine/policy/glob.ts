import { BoundedCache } from "./bounded-cache.js";
import { ONE_UNIT, type WildcardMatcher, type WildcardToken, wildcardMatcher } from "./wildcard-matcher.js";

/**
 * IAM wildcard patterns. `*` matches any run of characters and `?` any single character; in ARNs
 * both cross `:` and `/` (IAM matches the Resource element as a plain string, see
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 * Catalog ARN formats add wildcards of their own: a segment that cannot contain `/` or `:` (an S3
 * bucket name), and runs and single characters without `:` (the fields of an ARN).
 */
export type GlobToken = string | typeof ANY | typeof ONE | typeof SEGMENT | typeof FIELD | typeof FIELD_ONE;
export const ANY = Symbol("*");
export const ONE = Symbol("?");
export const SEGMENT = Symbol("segment");
/** A run, and a single character, without `:`: what a region or account of a real ARN holds. */
export const FIELD = Symbol("field");
export const FIELD_ONE = Symbol("field-one");

/** Patterns are mostly ARNs, distinct per account: kept up to a bound (see BoundedCache). */
export const PATTERN_CACHE_LIMIT = 50_000;
const matcherCache = new BoundedCache<WildcardMatcher>(PATTERN_CACHE_LIMIT);

/** Compiled, anchored matcher for one pattern; cached because policies repeat patterns heavily. */
export function globMatcher(pattern: string, ignoreCase: boolean): WildcardMatcher {
  const cacheKey = `${ignoreCase ? "i" : "s"}${pattern}`;
  return matcherCache.get(cacheKey) ?? matcherCache.set(cacheKey, compilePattern([pattern], ignoreCase));
}

/**
 * The matcher of pattern text in which only `*` and `?` are wildcards; the `literals`, between the
 * texts, are characters taken as written (a policy's `${*}`).
 */
function compilePattern(
  texts: readonly string[],
  ignoreCase: boolean,
  literals: readonly string[] = [],
): WildcardMatcher {
  const pieces: WildcardToken[][] = [[]];
  texts.forEach((text, i) => {
    for (let k = 0; k < text.length; k++) {
      const ch = text[k]!;
      if (ch === "*") pieces.push([]);
      else pieces[pieces.length - 1]!.push(ch === "?" ? ONE_UNIT : ch);
    }
    if (i < literals.length) pieces[pieces.length - 1]!.push(literals[i]!);
  });
  return wildcardMatcher(pieces, ignoreCase);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  if (!hasWildcard(pattern))
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return globMatcher(pattern, ignoreCase).test(value);
}

export function tokenize(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (const ch of pattern) tokens.push(ch === "*" ? ANY : ch === "?" ? ONE : ch);
  return tokens;
}

const isStar = (t: GlobToken | undefined) => t === ANY || t === SEGMENT || t === FIELD;

/** The characters a wildcard token refuses. */
const refused = (t: GlobToken) => (t === SEGMENT ? "/:" : t === FIELD || t === FIELD_ONE ? ":" : "");

/** Whether some single character is accepted by both tokens. */
function charCompatible(a: GlobToken, b: GlobToken): boolean {
  if (typeof a === "string" && typeof b === "string") return a === b;
  if (typeof a === "string") return !refused(b).includes(a);
  if (typeof b === "string") return !refused(a).includes(b);
  return true;
}

/**
 * Whether two patterns can match a common string (both may contain wildcards). A depth-first
 * walk over pairs of positions: each step lets a star match nothing, or consumes one character
 * both sides accept. Visited pairs are never revisited, so it ends in O(n·m).
 */
export function tokensIntersect(a: readonly GlobToken[], b: readonly GlobToken[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const cell = i * width + j;
    if (seen[cell]) continue;
    seen[cell] = 1;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (isStar(ta)) stack.push(i + 1, j);
    if (isStar(tb)) stack.push(i, j + 1);
    if (ta !== undefined && tb !== undefined && charCompatible(ta, tb)) {
      const ni = isStar(ta) ? i : i + 1;
      const nj = isStar(tb) ? j : j + 1;
      if (ni !== i || nj !== j) stack.push(ni, nj);
    }
  }
  return false;
}

export function globsIntersect(a: string, b: string, ignoreCase = false): boolean {
  const na = ignoreCase ? a.toLowerCase() : a;
  const nb = ignoreCase ? b.toLowerCase() : b;
  return tokensIntersect(tokenize(na), tokenize(nb));
}

const ESCAPE = /\$\{([*?$])\}/g;
const escapedCache = new BoundedCache<WildcardMatcher>(PATTERN_CACHE_LIMIT);

/**
 * Like globMatch, for policy text where `${*}`, `${?}` and `${$}` stand for the literal
 * characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
export function policyGlobMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("${")) return globMatch(pattern, value);
  return policyGlobMatcher(pattern).test(value);
}

/** The compiled form of policyGlobMatch's pattern, for callers testing many values against it. */
export function policyGlobMatcher(pattern: string): WildcardMatcher {
  if (!pattern.includes("${")) return globMatcher(pattern, false);
  const cached = escapedCache.get(pattern);
  if (cached) return cached;
  const texts: string[] = [];
  const literals: string[] = [];
  let last = 0;
  for (const match of pattern.matchAll(ESCAPE)) {
    texts.push(pattern.slice(last, match.index));
    literals.push(match[1]!);
    last = match.index + match[0].length;
  }
  texts.push(pattern.slice(last));
  return escapedCache.set(pattern, compilePattern(texts, false, literals));
}

/** Policy text with its `${*}`, `${?}`, `${$}` escapes turned into the characters (for equality). */
export function unescapePolicyText(text: string): string {
  return text.includes("${") ? text.replace(ESCAPE, "$1") : text;
}
