import type { ConditionClause } from "../../../policy/types.js";
import { accountNumbered, accountRanges } from "./account-ranges.js";

/**
 * The ids AWS gives a stranger, some principal of an account not named anywhere: its account, its
 * organization, and its own unique id (what aws:userid holds before a role session's name). They
 * are chosen to match no pattern the policies name unless that pattern matches every id on its
 * own, so that a Condition narrowing the caller to a family of accounts (`0000*`), organizations
 * (`o-w*`) or to one principal (`AROAEXAMPLEID:*`) never happens to admit the stranger, and one
 * that leaves out a family (StringNotLike `0000*`) never happens to shut it out. Patterns that only
 * together match every id (`0*` … `9*`) leave no such id: the patterns listed last are then given
 * up until one is found.
 */
export interface Stranger {
  account: string;
  organization: string;
  /** The part after AROA (a role) or AIDA (a user): the same for both, which neither form matches. */
  uniqueId: string;
}

/**
 * Account ids: 12 digits. Organization ids: `o-` and 10 to 32 lower-case letters or digits. Unique
 * ids: a type prefix and upper-case letters and digits, 21 characters in all.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 */
const ACCOUNT = { prefixes: [""], alphabet: "0123456789", length: 12 };
const ORGANIZATION = { prefixes: ["o-"], alphabet: "abcdefghijklmnopqrstuvwxyz0123456789", length: 10 };
const UNIQUE_ID = {
  prefixes: ["AROA", "AIDA"],
  alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  length: 17,
};

/** Search steps before a pattern set is treated as leaving no id (real policies need a few dozen). */
const BUDGET = 20_000;

/** `within`: account patterns the stranger's account is one of (a range of ids no one pins). */
export function strangerFor(
  clauses: readonly ConditionClause[],
  besides: readonly string[] = [],
  within?: readonly string[],
): Stranger {
  // A numeric bound's smaller side is the family it singles out (account-ranges.ts).
  const ranges = accountRanges(clauses).flatMap((r) => r.patterns);
  const accounts: string[] = [];
  const organizations: string[] = [];
  const ids: string[] = [];
  for (const clause of clauses) {
    const key = clause.key.toLowerCase();
    const numeric = clause.base.startsWith("Numeric");
    for (const value of clause.values) {
      if (value.includes("${")) continue;
      if (key === "aws:principalaccount") {
        if (!numeric) accounts.push(value);
        else {
          // Compared as a number: `11112222.0` is the id 000011112222.
          const account = accountNumbered(value);
          if (account) accounts.push(account);
        }
      } else if (key === "aws:principalarn" && value.startsWith("arn:"))
        accounts.push(value.split(":")[4] ?? "");
      else if (key === "aws:principalorgid") organizations.push(value.toLowerCase());
      else if (key === "aws:principalorgpaths") organizations.push(value.split("/")[0]!.toLowerCase());
      else if (key === "aws:userid") ids.push(value.split(":")[0]!.toUpperCase());
    }
  }
  return {
    account:
      (within && accountIn(within, [...besides, ...accounts])) ??
      avoiding([...besides, ...ranges, ...accounts], ACCOUNT),
    organization: ORGANIZATION.prefixes[0] + avoiding(organizations, ORGANIZATION),
    uniqueId: avoiding(ids, UNIQUE_ID),
  };
}

/**
 * An account id one of `family` matches and, as far as they allow, none of `avoid` (given up from
 * the last), or undefined when the family matches no account id.
 */
export function accountIn(family: readonly string[], avoid: readonly string[]): string | undefined {
  return member(family, avoid, [ACCOUNT]);
}

/**
 * An organization id (of any length AWS allows, 10 to 32 characters after `o-`) the pattern matches
 * and, as far as they allow, none of `avoid` does.
 */
export function organizationIn(pattern: string, avoid: readonly string[]): string | undefined {
  const domains = Array.from({ length: 23 }, (_, i) => ({ ...ORGANIZATION, length: 10 + i }));
  // StringLike is case-sensitive, and ids are lower case: `o-W*` matches none.
  const id = member([pattern], avoid, domains);
  return id === undefined ? undefined : ORGANIZATION.prefixes[0] + id;
}

function member(
  family: readonly string[],
  avoid: readonly string[],
  domains: readonly Domain[],
): string | undefined {
  const others = [...new Set(avoid)].filter((p) => !family.includes(p));
  for (let n = others.length; n >= 0; n--)
    for (const domain of domains) {
      const id = search(others.slice(0, n), domain, family);
      if (id !== undefined) return id;
    }
  return undefined;
}

/** Ids: one of the prefixes, then `length` characters of the alphabet. */
interface Domain {
  prefixes: readonly string[];
  alphabet: string;
  length: number;
}

/** What follows the prefix in an id that, behind each prefix, matches none of the patterns. */
function avoiding(patterns: readonly string[], domain: Domain): string {
  const narrow = [...new Set(patterns)].filter((p) => search([p], domain) !== undefined);
  for (let n = narrow.length; n > 0; n--) {
    const id = search(narrow.slice(0, n), domain);
    if (id !== undefined) return id;
  }
  return domain.alphabet[0]!.repeat(domain.length);
}

/**
 * What may follow each prefix so that no pattern matches (IAM wildcards: `*` any run, `?` one
 * character) and, when `required` is given, one of them does behind the first prefix, found by
 * walking the patterns' automata a character at a time, or undefined when nothing can.
 */
function search(
  patterns: readonly string[],
  { prefixes, alphabet, length }: Domain,
  required: readonly string[] = [],
): string | undefined {
  const tokens = [...prefixes.flatMap(() => patterns.map((p) => [...p])), ...required.map((p) => [...p])];
  const heads = [
    ...prefixes.flatMap((prefix) => patterns.map(() => prefix)),
    ...required.map(() => prefixes[0]!),
  ];
  const states = tokens.map((t, k) => {
    let s = closure(t, [0]);
    for (const ch of heads[k]!) s = advance(t, s, ch);
    return s;
  });
  const avoided = tokens.length - required.length;
  const accepts = (s: number[], k: number) => s.includes(tokens[k]!.length);
  const failed = new Set<string>();
  let steps = 0;
  const walk = (current: number[][], left: number): string | undefined => {
    const wanted = current.slice(avoided);
    if (wanted.length > 0 && wanted.every((s) => s.length === 0)) return undefined;
    if (wanted.length === 0 && current.every((s) => s.length === 0)) return alphabet[0]!.repeat(left);
    if (left === 0) {
      const clear = current.every((s, k) => k >= avoided || !accepts(s, k));
      return clear && (wanted.length === 0 || wanted.some((s, i) => accepts(s, avoided + i)))
        ? ""
        : undefined;
    }
    const key = `${left}|${current.map((s) => s.join(",")).join(";")}`;
    if (failed.has(key) || ++steps > BUDGET) return undefined;
    for (const ch of alphabet) {
      const rest = walk(
        current.map((s, k) => advance(tokens[k]!, s, ch)),
        left - 1,
      );
      if (rest !== undefined) return ch + rest;
    }
    failed.add(key);
    return undefined;
  };
  return walk(states, length);
}

/** The pattern positions reached after reading `ch` from `states`. */
function advance(tokens: readonly string[], states: readonly number[], ch: string): number[] {
  const next: number[] = [];
  for (const i of states) {
    const token = tokens[i];
    if (token === "*") next.push(i);
    else if (token === "?" || token === ch) next.push(i + 1);
  }
  return closure(tokens, next);
}

/** Positions plus those a `*` reaches by matching nothing, sorted. */
function closure(tokens: readonly string[], states: readonly number[]): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    if (tokens[i] === "*") stack.push(i + 1);
  }
  return [...seen].sort((a, b) => a - b);
}
