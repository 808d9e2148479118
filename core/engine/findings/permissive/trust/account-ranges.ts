import type { ConditionClause } from "../../../policy/types.js";

/**
 * Numeric operators on aws:PrincipalAccount compare the id as a number: a bound splits the 12-digit
 * ids in two ranges, and, as with a wildcard pattern, the smaller range is the family the policy
 * singles out (`NumericLessThan 100000000000`: the tenth of accounts whose id starts with 0) while
 * the larger one is where a stranger is (`NumericGreaterThan 0`: every real account).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
export interface AccountRange {
  /** `000000000000-099999999999`. */
  label: string;
  /** The range as account patterns (`0???????????`), which a stranger's id can be kept out of. */
  patterns: string[];
}

const LAST = 999_999_999_999;

/** The family each numeric bound on the caller's account singles out. */
export function accountRanges(clauses: readonly ConditionClause[]): AccountRange[] {
  const ranges = new Map<string, AccountRange>();
  for (const clause of clauses) {
    if (clause.key.toLowerCase() !== "aws:principalaccount" || !clause.base.startsWith("Numeric")) continue;
    for (const value of clause.values) {
      const bound = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
      const met = metRange(clause.base, bound);
      if (!met) continue;
      const [lo, hi] = smaller(met);
      if (lo > hi) continue;
      const label = `${id(lo)}-${id(hi)}`;
      ranges.set(label, { label, patterns: patternsOf(lo, hi) });
    }
  }
  return [...ranges.values()];
}

/** The ids `NumericX bound` holds for, or undefined for (Not)Equals, which name one account. */
function metRange(base: string, bound: number): [number, number] | undefined {
  if (!Number.isSafeInteger(bound)) return undefined;
  const below = (last: number): [number, number] => [0, Math.min(last, LAST)];
  const above = (first: number): [number, number] => [Math.max(first, 0), LAST];
  switch (base) {
    case "NumericLessThan":
      return below(bound - 1);
    case "NumericLessThanEquals":
      return below(bound);
    case "NumericGreaterThan":
      return above(bound + 1);
    case "NumericGreaterThanEquals":
      return above(bound);
    default:
      return undefined;
  }
}

/** The range or its complement, whichever holds fewer ids (the lower on a tie). */
function smaller([lo, hi]: [number, number]): [number, number] {
  const complement: [number, number] = lo === 0 ? [hi + 1, LAST] : [0, lo - 1];
  return hi - lo <= complement[1] - complement[0] ? [lo, hi] : complement;
}

const id = (n: number) => String(n).padStart(12, "0");

/** [lo, hi] as the fewest aligned blocks, each a fixed head and `?` for every digit it leaves open. */
function patternsOf(lo: number, hi: number): string[] {
  const patterns: string[] = [];
  let next = lo;
  while (next <= hi) {
    let size = 1;
    let open = 0;
    while (next % (size * 10) === 0 && next + size * 10 - 1 <= hi && open < 12) {
      size *= 10;
      open++;
    }
    patterns.push(id(next).slice(0, 12 - open) + "?".repeat(open));
    next += size;
  }
  return patterns;
}
