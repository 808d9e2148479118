import { evaluateClause } from "../../policy/conditions.js";
import type { PrincipalPermissions } from "../../policy/principal-permissions.js";
import type { ConditionClause } from "../../policy/types.js";
import { callerRequests, OUTSIDER, type Requester } from "./trust/caller.js";

/**
 * Keys whose value the caller writes itself, in a header of its request, so that anyone holding
 * the credentials sends what a condition on them asks for. aws:UserAgent is always in the request
 * context, with any value the caller sends; aws:referer holds any value the caller sends, and is
 * absent when it sends no Referer header, as SDK and CLI calls do not.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-useragent
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-referer
 */
const HEADERS: Requester = {
  known: {},
  chosen: {
    "aws:useragent": { allowed: "*", fallback: OUTSIDER },
    "aws:referer": { allowed: "*", fallback: OUTSIDER, omit: true },
  },
  unknown: [],
};

/** The header keys a principal's calls carry: a value each, or, in `absent`, none. */
export interface PickedHeaders {
  values: Record<string, string>;
  absent: readonly string[];
}

const picks = new WeakMap<PrincipalPermissions, PickedHeaders | null>();

/**
 * The header values one request of the principal can carry that meet every condition its Allow
 * statements set on them and escape every one its Deny statements set (boundary and SCPs
 * included), tried as a trust policy's caller tries the keys it sets (callerRequests). Every clause
 * on them is then at its best for the caller, so each call may as well carry them. Undefined when
 * the policies test none, when no such request exists (an Allow and a Deny asking for the same
 * agent, a Deny on `StringLike "*"`: the keys then stay undecided), or when a policy reads them in
 * a policy variable, whose value one pick would pin for every call.
 */
export function pickedHeaders(permissions: PrincipalPermissions): PickedHeaders | undefined {
  let pick = picks.get(permissions);
  if (pick === undefined) {
    pick = decide(permissions) ?? null;
    picks.set(permissions, pick);
  }
  return pick ?? undefined;
}

function decide(permissions: PrincipalPermissions): PickedHeaders | undefined {
  const tested: { clause: ConditionClause; allow: boolean }[] = [];
  for (const { statement } of permissions.statements) {
    const texts = [...(statement.resources ?? []), ...statement.conditions.flatMap((c) => c.values)];
    if (texts.some(readsHeader)) return undefined;
    for (const clause of statement.conditions)
      if (isHeader(clause.key)) tested.push({ clause, allow: statement.effect === "Allow" });
  }
  if (tested.length === 0) return undefined;
  const clauses = tested.map((t) => t.clause);
  for (const request of callerRequests(HEADERS, clauses)) {
    const best = tested.every(
      ({ clause, allow }) => evaluateClause(clause, request) === (allow ? "yes" : "no"),
    );
    if (!best) continue;
    const keys = [...new Set(clauses.map((c) => c.key.toLowerCase()))];
    const values: Record<string, string> = {};
    const absent: string[] = [];
    for (const key of keys) {
      const value = request.values.get(key)?.[0];
      if (value === undefined) absent.push(key);
      else values[key] = value;
    }
    return { values, absent };
  }
  return undefined;
}

/** The headers a pick sends or leaves out, for a finding: `User-Agent "…terraform…"`, `no Referer`. */
export function describeHeaders(pick: PickedHeaders): string {
  const sent = Object.entries(pick.values).map(([key, value]) => `${HEADER_NAMES[key]} "${value}"`);
  return [...sent, ...pick.absent.map((key) => `no ${HEADER_NAMES[key]}`)].join(" and ");
}

const HEADER_NAMES: Readonly<Record<string, string>> = {
  "aws:useragent": "User-Agent",
  "aws:referer": "Referer",
};

function isHeader(key: string): boolean {
  return Object.hasOwn(HEADERS.chosen, key.toLowerCase());
}

/** A text naming a header key as a policy variable (`${aws:referer}`). */
function readsHeader(text: string): boolean {
  return /\$\{\s*aws:(useragent|referer)\b/i.test(text);
}
