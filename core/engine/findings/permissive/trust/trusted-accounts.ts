import type { ConditionClause, Policy } from "../../../policy/types.js";
import { accountIntervals, accountNumbered } from "./account-ranges.js";
import { accountOf } from "./callers.js";
import { accountIn } from "./stranger.js";

/**
 * Each other account a statement's AWS principals (`aws`) name, or account pattern (`11112222*`),
 * or numeric range, and an account it stands for.
 */
export function trustedAccounts(
  policy: Policy,
  aws: readonly string[],
  accountId: string,
): Map<string, string> {
  const foreign = new Map<string, string>();
  // `*` narrowed by a condition to another account's principals trusts that account as surely as
  // naming it, and so does `*` a Deny narrows (StringNotLike aws:PrincipalAccount refuses every
  // other account): the accounts any statement names are evaluated too.
  const statements = aws.includes("*") ? policy.statements : [];
  const clauses = statements
    .flatMap((statement) => statement.conditions)
    .filter((c) => NARROWING_KEYS.has(c.key.toLowerCase()));
  // A numeric bound names no account: the few other ids a range holds are trusted as a pattern is,
  // and a wider range is any principal's (verdict.ts).
  // NumericEquals compares the id as a number: `11112222` names the account 000011112222.
  const narrowing = clauses
    .filter((c) => !isNumericBound(c))
    .flatMap((c) => c.values.map((v) => (c.base.startsWith("Numeric") && accountNumbered(v)) || v));
  for (const range of accountIntervals(statements, [accountId])) {
    const member = !range.open && accountIn(range.patterns, [accountId, ...narrowing]);
    if (member && member !== accountId) foreign.set(range.label, member);
  }
  for (const value of [...aws, ...narrowing]) {
    const account = accountOf(value);
    if (account && account !== accountId) foreign.set(account, account);
    else if (!account) {
      const pattern = accountPatternOf(value);
      const member = pattern && accountMatching(pattern, accountId);
      if (pattern && member) foreign.set(pattern, member);
    }
  }
  return foreign;
}

function isNumericBound(clause: ConditionClause): boolean {
  return (
    clause.base.startsWith("Numeric") && clause.base !== "NumericEquals" && clause.base !== "NumericNotEquals"
  );
}

/**
 * The account part of a value when it is a wildcard pattern of account ids (`11112222*`, or an
 * ARN's account field such as `arn:aws:iam::1111????????:root`): a family of accounts, neither
 * one account nor any. `*` alone is left to the caller of any account.
 */
function accountPatternOf(value: string): string | undefined {
  const part = value.startsWith("arn:") ? value.split(":")[4] : value;
  if (!part || !/[*?]/.test(part) || !/^[\d*?]+$/.test(part) || /^\*+$/.test(part)) return undefined;
  return part;
}

/**
 * An account id the pattern matches (StringLike / ArnLike wildcards: `*` any run of digits, `?` one)
 * other than the role's own: the digits the pattern leaves open filled with 0s, or else with 9s.
 */
function accountMatching(pattern: string, own: string): string | undefined {
  const fixed = pattern.replace(/\*/g, "").length;
  if (fixed > 12 || (fixed < 12 && !pattern.includes("*"))) return undefined;
  for (const digit of ["0", "9"]) {
    let first = true;
    const id = pattern
      .replace(/\*/g, () => {
        const run = first ? digit.repeat(12 - fixed) : "";
        first = false;
        return run;
      })
      .replace(/\?/g, digit);
    if (id !== own) return id;
  }
  return undefined;
}

/** Condition keys whose values name the calling principal's account. */
const NARROWING_KEYS = new Set(["aws:principalaccount", "aws:principalarn"]);
