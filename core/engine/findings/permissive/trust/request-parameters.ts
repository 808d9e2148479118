import type { RequestContext } from "../../../policy/context.js";
import type { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import type { ConditionClause, Policy } from "../../../policy/types.js";
import { type Caller, type Choice, callerRequests } from "./caller.js";
import { REGION_CHOICE } from "./picked-region.js";

/** Parameters of the AssumeRole request that the caller sets and policies may test. */
const PARAMETERS = ["sts:externalid", "sts:rolesessionname"];
const REGION = "aws:requestedregion";

/**
 * The caller once for each request worth making, when its own policies (or SCPs) test the external
 * id or the session name it sends, or the role's trust policy or RCPs test the region it calls STS
 * in; else the caller as it is. Each is the caller's to set, and every policy judging the request
 * reads the one value it sent: a caller's Allow asking for one value meets a trust policy asking
 * for the same one, and never a trust policy asking for another. Tried: the values the caller's
 * policies and the role's name (wildcards filled), another, and for the external id none; for the
 * region, also those every account has enabled (evaluateInPickedRegion reads the rest as such).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
 */
export function parameterChoices(
  member: Caller,
  permissions: PrincipalPermissions,
  /** The role's trust policy and its account's RCPs. */
  targetPolicies: readonly Policy[],
): Caller[] {
  if (!picksParameters(member.chosen, permissions, targetPolicies)) return [member];
  const { parameters: own, regions } = ownClauses(permissions);
  const target = clausesOn(targetPolicies, [...PARAMETERS, REGION]);
  const picked: Record<string, Choice> = {};
  if (own.length > 0) for (const key of PARAMETERS) if (member.chosen[key]) picked[key] = member.chosen[key];
  if (member.chosen[REGION] && target.some((c) => c.key.toLowerCase() === REGION))
    picked[REGION] = REGION_CHOICE;
  const chosen = Object.fromEntries(Object.entries(member.chosen).filter(([key]) => !(key in picked)));
  // What the caller is known to carry fills the values its policies spell with variables (a
  // session named `${aws:username}`).
  const carried = Object.fromEntries(Object.entries(member.known).filter(([key]) => !(key in picked)));
  const picker = { known: carried, unknown: [], chosen: picked };
  const clauses = [...own, ...regions, ...target];
  const members: Caller[] = [];
  for (const request of callerRequests(picker, clauses)) {
    const known = { ...member.known };
    for (const key of Object.keys(picked)) {
      const value = request.values.get(key);
      if (value) known[key] = value;
    }
    members.push({ ...member, chosen, known });
  }
  return members;
}

/**
 * Whether parameterChoices tries several requests for a caller choosing `chosen` (else it returns
 * the caller as it is): decided from the keys the caller chooses, so that a caller for the role
 * need not be built for the many roles where it does not.
 */
export function picksParameters(
  chosen: Caller["chosen"],
  permissions: PrincipalPermissions,
  targetPolicies: readonly Policy[],
): boolean {
  if (ownClauses(permissions).parameters.length > 0 && PARAMETERS.some((key) => chosen[key])) return true;
  return chosen[REGION] !== undefined && targetPolicies.some(testsRegion);
}

/** Whether a policy has a condition on the region, read once per parsed policy. */
function testsRegion(policy: Policy): boolean {
  let tests = regionTested.get(policy);
  if (tests === undefined) {
    tests = clausesOn([policy], [REGION]).length > 0;
    regionTested.set(policy, tests);
  }
  return tests;
}

const regionTested = new WeakMap<Policy, boolean>();

/**
 * The caller's own clauses on the parameters and on the region, read once per principal: the
 * escalation graph asks for every role it may assume.
 */
function ownClauses(permissions: PrincipalPermissions): {
  parameters: ConditionClause[];
  regions: ConditionClause[];
} {
  let clauses = ownOf.get(permissions);
  if (!clauses) {
    const { identity, boundary, scps } = permissions.policies;
    const policies = [...identity, ...(boundary ? [boundary] : []), ...(scps ?? []).flat()].map(
      (p) => p.policy,
    );
    clauses = { parameters: clausesOn(policies, PARAMETERS), regions: clausesOn(policies, [REGION]) };
    ownOf.set(permissions, clauses);
  }
  return clauses;
}

const ownOf = new WeakMap<
  PrincipalPermissions,
  { parameters: ConditionClause[]; regions: ConditionClause[] }
>();

/** The values of the parameters the caller's request sends (parameterChoices), by key. */
export function parametersSent(member: Caller): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const key of PARAMETERS) {
    const values = member.known[key];
    if (values?.length === 1) sent[key] = values[0]!;
  }
  return sent;
}

/**
 * The context of the caller's own policies for the request `member` makes: the parameters it sends
 * set, those it is fixed to leave out absent rather than unknown.
 */
export function withParametersSent(context: RequestContext, member: Caller): RequestContext {
  const sent = Object.entries(parametersSent(member));
  const leftOut = parametersLeftOut(member);
  const absent = context.absent;
  return {
    ...context,
    values: new Map([...context.values, ...sent.map(([key, value]) => [key, [value]] as const)]),
    absent: (key) => leftOut(key) || (absent?.(key) ?? false),
  };
}

/** The request parameters the caller's request is fixed to leave out (parameterChoices). */
export function parametersLeftOut(member: Caller): (key: string) => boolean {
  return (key) => PARAMETERS.includes(key) && !member.chosen[key] && !member.known[key];
}

function clausesOn(policies: readonly Policy[], keys: readonly string[]): ConditionClause[] {
  return policies
    .flatMap((p) => p.statements)
    .flatMap((s) => s.conditions)
    .filter((c) => keys.includes(c.key.toLowerCase()));
}
