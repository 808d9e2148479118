import { policyPatternTokens } from "./arn.js";
import { ANY, type GlobToken, ONE } from "./glob.js";

/**
 * Whether every string `inner` can match is also matched by `outer` (both IAM wildcard
 * patterns). Sound rather than complete: a `*` in `inner` can only be absorbed by a `*` in
 * `outer`, so `true` is a proof of containment, and `false` may occasionally be a missed one.
 * Policy variables count as `*` in `outer` only when the same variable stands at the same place
 * in `inner`; elsewhere they are unknown and cover nothing.
 */
export function patternCovers(outer: string, inner: string, ignoreCase = false): boolean {
  if (outer === "*") return true;
  const o = tokens(ignoreCase ? outer.toLowerCase() : outer);
  const i = tokens(ignoreCase ? inner.toLowerCase() : inner);
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

/** Literal characters, `*`, `?`, and variables kept as opaque single tokens. */
function tokens(pattern: string): GlobToken[] {
  if (!pattern.includes("${")) return policyPatternTokens(pattern);
  const out: GlobToken[] = [];
  for (const part of pattern.split(/(\$\{[^}]+\})/)) {
    if (part.startsWith("${") && part.length > 3) out.push(part);
    else out.push(...policyPatternTokens(part));
  }
  return out;
}
