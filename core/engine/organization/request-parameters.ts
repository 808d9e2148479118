import { type Caller, callerRequests } from "../findings/permissive/trust/caller.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { ConditionClause, Policy } from "../policy/types.js";

/** Parameters of the AssumeRole request that the caller sets and policies may test. */
const PARAMETERS = ["sts:externalid", "sts:rolesessionname"];

/**
 * The caller once for each request worth making, when its own policies (or SCPs) test the external
 * id or the session name it sends; else the caller as it is. Each is a parameter of the AssumeRole
 * request that the caller sets, and every policy judging the request reads the one value it sent:
 * a caller's Allow asking for one value meets a trust policy asking for the same one, and never a
 * trust policy asking for another. Tried: the values the caller's policies and the role's trust
 * policy name (wildcards filled), another, and for the external id none.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
 */
export function parameterChoices(
  member: Caller,
  permissions: PrincipalPermissions,
  trustPolicy: Policy | undefined,
): Caller[] {
  const { identity, boundary, scps } = permissions.policies;
  const own = [...identity, ...(boundary ? [boundary] : []), ...(scps ?? []).flat()].flatMap((p) =>
    clausesOn(p.policy),
  );
  const picked = Object.fromEntries(
    PARAMETERS.flatMap((key) => (member.chosen[key] ? [[key, member.chosen[key]]] : [])),
  );
  if (own.length === 0 || Object.keys(picked).length === 0) return [member];
  const chosen = Object.fromEntries(Object.entries(member.chosen).filter(([key]) => !(key in picked)));
  const picker = { known: {}, unknown: [], chosen: picked };
  const members: Caller[] = [];
  for (const request of callerRequests(picker, [...own, ...(trustPolicy ? clausesOn(trustPolicy) : [])])) {
    const known = { ...member.known };
    for (const key of Object.keys(picked)) {
      const value = request.values.get(key);
      if (value) known[key] = value;
    }
    members.push({ ...member, chosen, known });
  }
  return members;
}

/** The request parameters the caller's request is fixed to leave out (parameterChoices). */
export function parametersLeftOut(member: Caller): (key: string) => boolean {
  return (key) => PARAMETERS.includes(key) && !member.chosen[key] && !member.known[key];
}

function clausesOn(policy: Policy): ConditionClause[] {
  return policy.statements
    .flatMap((s) => s.conditions)
    .filter((c) => PARAMETERS.includes(c.key.toLowerCase()));
}
