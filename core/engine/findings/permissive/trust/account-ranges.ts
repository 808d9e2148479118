import { parseNumber } from "../../../policy/conditions.js";
import type { ConditionClause, Statement } from "../../../policy/types.js";

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

/**
 * AWS gives no owner a run of account ids, so a range pins only the accounts a policy names in it:
 * a bound set a few ids beside them (one off, or just past) leaves a family small enough to list as
 * trusted, while beyond this many other ids the range holds whoever AWS gives those ids to, which a
 * stranger may be, as with a pattern of organization ids.
 */
const HANDFUL = 10;

/** A run of ids every numeric bound on the caller's account holds the same for. */
export interface AccountInterval extends AccountRange {
  /** Whether it holds more than a handful of ids besides the accounts named: any principal's. */
  open: boolean;
}

/**
 * The ids between the numeric bounds on aws:PrincipalAccount, cut where any of them changes, each
 * run holding some id other than the role's account (`besides`) and the accounts an Allow names
 * whole, as patterns of those other ids. A caller of each run meets the same bounds, so one member
 * stands for it.
 */
export function accountIntervals(
  statements: readonly Statement[],
  besides: readonly string[],
): AccountInterval[] {
  const cuts = new Set<number>();
  const named = new Set(besides);
  for (const statement of statements)
    for (const clause of statement.conditions) {
      const key = clause.key.toLowerCase();
      for (const value of clause.values) {
        const met = key === "aws:principalaccount" ? metRange(clause.base, boundOf(value)) : undefined;
        if (met) {
          for (const cut of [met[0], met[1] + 1]) if (cut > 0 && cut <= LAST) cuts.add(cut);
          continue;
        }
        // A Deny, or an Allow of one role, leaves the account's other principals to the bounds.
        const account = statement.effect === "Allow" ? wholeAccountOf(clause, value) : undefined;
        if (account) named.add(account);
      }
    }
  if (cuts.size === 0) return [];
  const starts = [0, ...[...cuts].sort((a, b) => a - b)];
  const holes = [...named].map(Number).sort((a, b) => a - b);
  return starts.flatMap((lo, i) => {
    const hi = (starts[i + 1] ?? LAST + 1) - 1;
    // The ids of the run a stranger may hold: all but the named ones.
    const runs: [number, number][] = [];
    let next = lo;
    for (const hole of holes.filter((h) => h >= lo && h <= hi)) {
      if (hole > next) runs.push([next, hole - 1]);
      next = hole + 1;
    }
    if (next <= hi) runs.push([next, hi]);
    const others = runs.reduce((n, [a, b]) => n + b - a + 1, 0);
    if (others === 0) return [];
    const patterns = runs.flatMap(([a, b]) => patternsOf(a, b));
    return [{ label: `${id(lo)}-${id(hi)}`, patterns, open: others > HANDFUL }];
  });
}

/** The account a condition value names with all its principals: an id, or an ARN of any of them. */
function wholeAccountOf(clause: ConditionClause, value: string): string | undefined {
  const key = clause.key.toLowerCase();
  if (key === "aws:principalaccount" && clause.base.startsWith("Numeric")) return accountNumbered(value);
  if (key === "aws:principalaccount") return /^\d{12}$/.test(value.trim()) ? value.trim() : undefined;
  if (key !== "aws:principalarn") return undefined;
  const parts = value.split(":");
  return parts.length >= 6 && parts.slice(5).join(":") === "*" && /^\d{12}$/.test(parts[4]!)
    ? parts[4]
    : undefined;
}

/** The family each numeric bound on the caller's account singles out. */
export function accountRanges(clauses: readonly ConditionClause[]): AccountRange[] {
  const ranges = new Map<string, AccountRange>();
  for (const clause of clauses) {
    if (clause.key.toLowerCase() !== "aws:principalaccount" || !clause.base.startsWith("Numeric")) continue;
    for (const value of clause.values) {
      const met = metRange(clause.base, boundOf(value));
      if (!met) continue;
      const [lo, hi] = smaller(met);
      if (lo > hi) continue;
      const label = `${id(lo)}-${id(hi)}`;
      ranges.set(label, { label, patterns: patternsOf(lo, hi) });
    }
  }
  return [...ranges.values()];
}

/**
 * A bound read as the condition evaluator reads it, decimals included (`0.5`, `899999999999.0`), so
 * that the ranges here are the ids it admits.
 */
const boundOf = (value: string) => parseNumber(value);

/**
 * The account a numeric value names: a whole number of at most 12 digits (`11112222.0` too) is the id
 * those digits spell once padded with leading zeros, as a numeric comparison sees it.
 */
export function accountNumbered(value: string): string | undefined {
  const n = parseNumber(value);
  return Number.isInteger(n) && n >= 0 && n <= LAST ? id(n) : undefined;
}

/**
 * The ids `NumericX bound` holds for, or undefined for (Not)Equals, which name one account. Ids are
 * whole, so a decimal bound holds the same ids as the whole number on its side of them
 * (`GreaterThan 0.5`: from 1; `LessThan 500000000000.5`: up to 500000000000).
 */
function metRange(base: string, bound: number): [number, number] | undefined {
  if (Number.isNaN(bound)) return undefined;
  const below = (last: number): [number, number] => [0, Math.max(Math.min(last, LAST), -1)];
  const above = (first: number): [number, number] => [Math.min(Math.max(first, 0), LAST + 1), LAST];
  switch (base) {
    case "NumericLessThan":
      return below(Math.ceil(bound) - 1);
    case "NumericLessThanEquals":
      return below(Math.floor(bound));
    case "NumericGreaterThan":
      return above(Math.floor(bound) + 1);
    case "NumericGreaterThanEquals":
      return above(Math.ceil(bound));
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
