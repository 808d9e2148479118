import { operatorInfo } from "./condition-operators.js";
import { allOf, anyOf, not, type RequestContext, substituteVariables, type Tri } from "./context.js";
import { policyGlobMatch, unescapePolicyText } from "./glob.js";
import { cidrContains } from "./ip.js";
import type { ConditionClause } from "./types.js";

/**
 * Three-valued evaluation of a statement's Condition block: all clauses must hold (AND across
 * operators and keys, OR across a key's values). A key the context does not know gives "maybe":
 * offline, an unknown condition is never silently treated as met or unmet.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
export function evaluateConditions(clauses: readonly ConditionClause[], context: RequestContext): Tri {
  if (clauses.length === 0) return "yes";
  return allOf(clauses.map((clause) => evaluateClause(clause, context)));
}

export function evaluateClause(clause: ConditionClause, context: RequestContext): Tri {
  const info = operatorInfo(clause.base);
  if (!info) return "maybe";
  const key = clause.key.toLowerCase();
  const present = context.values.get(key);
  if (present === undefined)
    return context.complete || context.absent?.(key) ? absentKey(clause, info.negated) : "maybe";
  if (clause.base === "Null") {
    // A key with no values is null too: AWS documents Null "false" as refusing "context keys with
    // empty values" as well as missing ones.
    const wantsAbsent = clause.values.some((v) => v.toLowerCase() === "true");
    return wantsAbsent === (present.length === 0) ? "yes" : "no";
  }
  const policyValues: string[] = [];
  for (const value of clause.values) {
    const resolved = substituteVariables(value, context);
    if (resolved === undefined) return "maybe";
    policyValues.push(resolved);
  }
  const { base } = clause;
  // A set operator reads a lone empty string as a null data set, as it reads no values: ForAllValues
  // holds and ForAnyValue does not (reference_policies_multi-value-conditions.html).
  if (clause.set && present.length === 1 && present[0] === "")
    return clause.set === "ForAllValues" ? "yes" : "no";
  if (info.type === "ARN" && policyValues.some(isShortArnPattern))
    return undecidedArnClause(clause, info.negated, present, policyValues);
  let result: boolean;
  if (clause.set === "ForAllValues") {
    result = info.negated
      ? present.every((v) => !anyMatches(base, v, policyValues))
      : present.every((v) => anyMatches(base, v, policyValues));
  } else if (clause.set === "ForAnyValue") {
    result = info.negated
      ? present.some((v) => !anyMatches(base, v, policyValues))
      : present.some((v) => anyMatches(base, v, policyValues));
  } else {
    const some = present.some((v) => anyMatches(base, v, policyValues));
    result = info.negated ? !some : some;
  }
  return result ? "yes" : "no";
}

/**
 * Whether a value of the request matches one of the clause's: a function of its own rather than a
 * closure per clause, as escalation analysis evaluates clauses by the million.
 */
function anyMatches(base: string, contextValue: string, policyValues: readonly string[]): boolean {
  return policyValues.some((p) => valueMatches(base, contextValue, p));
}

/**
 * A key known to be missing from the request: negated operators, IfExists and ForAllValues hold;
 * positive operators and ForAnyValue do not; Null holds when it asks for absence.
 */
function absentKey(clause: ConditionClause, negated: boolean): Tri {
  if (clause.base === "Null") return clause.values.some((v) => v.toLowerCase() === "true") ? "yes" : "no";
  if (clause.ifExists || clause.set === "ForAllValues") return "yes";
  if (clause.set === "ForAnyValue") return "no";
  return negated ? "yes" : "no";
}

/** Whether one context value satisfies one policy value under the positive form of the operator. */
function valueMatches(base: string, actual: string, escaped: string): boolean {
  const expected = unescapePolicyText(escaped);
  switch (base) {
    case "StringEquals":
    case "StringNotEquals":
    case "BinaryEquals":
      return actual === expected;
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
      return actual.toLowerCase() === expected.toLowerCase();
    case "StringLike":
    case "StringNotLike":
      return policyGlobMatch(escaped, actual);
    case "ArnEquals":
    case "ArnLike":
    case "ArnNotEquals":
    case "ArnNotLike":
      return arnLike(escaped, actual);
    case "Bool":
      return actual.toLowerCase() === expected.toLowerCase();
    case "IpAddress":
    case "NotIpAddress":
      return cidrContains(expected, actual);
    default:
      return compareOrdered(base, actual, expected);
  }
}

/**
 * ArnEquals / ArnLike check each of the six colon-delimited ARN components separately, so a `*`
 * never spans a colon of the first five; the resource component keeps its own colons.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
function arnLike(pattern: string, value: string): boolean {
  const split = (text: string) => {
    const parts = text.split(":");
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
  };
  const p = split(pattern);
  const v = split(value);
  if (!p || !v) return policyGlobMatch(pattern, value) && !p === !v;
  return p.every((component, i) => policyGlobMatch(component, v[i]!));
}

/** Fewer than six colon-delimited components: not an ARN pattern IAM documents a reading of. */
const isShortArnPattern = (pattern: string) => pattern.split(":", 6).length < 6;

/**
 * An ARN clause with a pattern of fewer than six components (`*`, `arn:aws:iam::111122223333*`):
 * IAM documents ARN operators as comparing each of six components, and not what it does when the
 * pattern lacks some. Where the components the pattern has already differ from the ARN's, it
 * cannot match however the rest is read; where they all match (`*` and the ARN's `arn`), only the
 * missing components would decide, so the match is undecided rather than taken as either.
 */
function undecidedArnClause(
  clause: ConditionClause,
  negated: boolean,
  present: readonly string[],
  policyValues: readonly string[],
): Tri {
  const one = (value: string): Tri => {
    const some = anyOf(policyValues.map((p) => arnLikeOrUndecided(p, value)));
    return negated ? not(some) : some;
  };
  if (clause.set === "ForAllValues") return allOf(present.map(one));
  if (clause.set === "ForAnyValue") return anyOf(present.map(one));
  const some = anyOf(present.map((v) => anyOf(policyValues.map((p) => arnLikeOrUndecided(p, v)))));
  return negated ? not(some) : some;
}

function arnLikeOrUndecided(pattern: string, value: string): Tri {
  if (!isShortArnPattern(pattern)) return arnLike(pattern, value) ? "yes" : "no";
  const parts = value.split(":");
  if (parts.length < 6) return policyGlobMatch(pattern, value) ? "yes" : "no";
  const given = pattern.split(":");
  return given.every((component, i) => policyGlobMatch(component, parts[i]!)) ? "maybe" : "no";
}

function compareOrdered(base: string, actual: string, expected: string): boolean {
  const numeric = base.startsWith("Numeric");
  const a = numeric ? parseNumber(actual) : parseDate(actual);
  const e = numeric ? parseNumber(expected) : parseDate(expected);
  if (Number.isNaN(a) || Number.isNaN(e) || actual.trim() === "" || expected.trim() === "") return false;
  const op = base.replace(/^(Numeric|Date)/, "");
  switch (op) {
    case "Equals":
    case "NotEquals":
      return a === e;
    case "LessThan":
      return a < e;
    case "LessThanEquals":
      return a <= e;
    case "GreaterThan":
      return a > e;
    case "GreaterThanEquals":
      return a >= e;
    default:
      return false;
  }
}

/** Dates are ISO 8601 (UTC unless an offset is given, whatever the host's zone) or epoch seconds. */
export function parseDate(text: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const local = /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value);
  return Date.parse(local ? `${value}Z` : value);
}

/** IAM numbers are decimal: hex, exponents, blanks and `Infinity` are not numbers here. */
export function parseNumber(text: string): number {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}
