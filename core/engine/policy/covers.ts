import { policyPatternTokens } from "./arn.js";
import { BoundedPairCache } from "./bounded-cache.js";
import { ANY, type GlobToken, ONE, PATTERN_CACHE_LIMIT } from "./glob.js";

/**
 * Whether every string `inner` can match is also matched by `outer` (both IAM wildcard
 * patterns). Sound rather than complete: a `*` in `inner` can only be absorbed by a `*` in
 * `outer`, so `true` is a proof of containment, and `false` may occasionally be a missed one.
 * Policy variables count as `*` in `outer` only when the same variable stands at the same place
 * in `inner`; elsewhere they are unknown and cover nothing.
 */
export function patternCovers(outer: string, inner: string, ignoreCase = false): boolean {
  if (outer === "*") return true;
  const o = ignoreCase ? outer.toLowerCase() : outer;
  const i = ignoreCase ? inner.toLowerCase() : inner;
  // Every pattern covers itself: the walk below would find the same, token by token.
  if (i === o) return true;
  // The shapes resource generalization compares by the thousand, decided without tokens: a literal
  // covers only itself, and `literal*` whatever starts with that literal (a `*` or `?` in `inner`
  // within the literal's length meets a plain character, which never covers it). A variable of
  // `inner` that begins within that length is one token, not characters: the walk decides then.
  const special = literalPrefixLength(o);
  if (special === -1) return i === o;
  if (special === o.length - 1 && o.charCodeAt(special) === STAR) {
    const variable = i.indexOf("${");
    if (variable === -1 || variable >= special) return i.startsWith(o.slice(0, -1));
  } else if (!o.includes("*") && !o.includes("${") && !i.includes("*") && !i.includes("${")) {
    // Only `?` (a Secrets Manager ARN's `-??????`): position by position, one character each.
    if (i.length !== o.length) return false;
    for (let k = 0; k < o.length; k++) {
      const c = o.charCodeAt(k);
      if (c !== QUESTION && c !== i.charCodeAt(k)) return false;
    }
    return true;
  }
  return coversByTokensCached(o, i);
}

/**
 * The token walk is the dearest step, and one account asks it the same pairs again and again: the
 * same managed policy's patterns against the same grants, principal after principal.
 */
const walked = new BoundedPairCache<boolean>(PATTERN_CACHE_LIMIT);

function coversByTokensCached(outer: string, inner: string): boolean {
  return walked.get(outer, inner) ?? walked.set(outer, inner, coversByTokens(outer, inner));
}

const MAX_WALK = 4096;
const STAR = 42;
const QUESTION = 63;

/**
 * Where the first `*`, `?` or `${` stands; -1 when the pattern has none. Whatever a pattern covers
 * or matches starts with the literal before it.
 */
export function literalPrefixLength(pattern: string): number {
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern.charCodeAt(k);
    if (c === STAR || c === QUESTION || (c === 36 && pattern.charCodeAt(k + 1) === 123)) return k;
  }
  return -1;
}

/** The general case, token by token: what the shortcuts above must always agree with. */
export function coversByTokens(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  const o = squeezed(tokens(outer));
  const i = squeezed(tokens(inner));
  // The walk recurses once per token: past this, "not shown to cover" (a sound answer) rather than
  // an overflowed stack. ARNs stay far below it; a pattern of thousands of characters is not an ARN.
  if (o.length + i.length > MAX_WALK) return false;
  const width = i.length + 1;
  const memo = new Map<number, boolean>();
  const walk = (a: number, b: number): boolean => {
    const key = a * width + b;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (a === o.length) result = b === i.length;
    else {
      const t = o[a]!;
      if (t === ANY) result = walk(a + 1, b) || (b < i.length && walk(a, b + 1));
      else if (b === i.length) result = false;
      else {
        const u = i[b]!;
        // `?` covers one character: not a `*`, and not a variable, which may become several.
        const single = u === ONE || (typeof u === "string" && u.length === 1);
        result = (t === ONE ? single : t === u) && walk(a + 1, b + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/**
 * A run of `*` matches what one `*` does. As one token it stays under the walk's bound: every
 * Resource of a policy is walked against catalog formats, and `arn:aws:s3:::` followed by
 * thousands of asterisks (a role's inline policy holds them) names every object, not a scope.
 */
function squeezed(list: GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of list) if (t !== ANY || out[out.length - 1] !== ANY) out.push(t);
  return out;
}

/**
 * Literal characters, `*`, `?`, and variables kept as opaque single tokens. Between variables all
 * is text: an empty `${}` names no variable, and evaluation matches it literally, so it must not
 * become the `*` an unknown variable is for overlap questions (it covered every pattern).
 */
function tokens(pattern: string): GlobToken[] {
  if (!pattern.includes("${")) return policyPatternTokens(pattern);
  const out: GlobToken[] = [];
  // split with a capture group: odd places hold the variables, even places the text between.
  pattern.split(/(\$\{[^}]+\})/).forEach((part, k) => {
    if (k % 2 === 1) out.push(part);
    else for (let c = 0; c < part.length; c++) out.push(charToken(part[c]!));
  });
  return out;
}

const charToken = (ch: string): GlobToken => (ch === "*" ? ANY : ch === "?" ? ONE : ch);
