import { type Caller, callerRequests } from "../findings/permissive/trust/caller.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { ConditionClause, Policy } from "../policy/types.js";

const KEY = "sts:externalid";

/**
 * The caller once for each external id worth sending, when its own policies (or SCPs) test
 * sts:ExternalId; else the caller as it is. The external id is a parameter of the AssumeRole request
 * that the caller sets, and every policy judging the request reads the one value it sent: a
 * caller's Allow asking for one value meets a trust policy asking for the same one, and never a trust
 * policy asking for another. Tried: the values the caller's policies and the role's trust policy
 * name (wildcards filled), another, and none.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
 */
export function externalIdChoices(
  member: Caller,
  permissions: PrincipalPermissions,
  trustPolicy: Policy | undefined,
): Caller[] {
  const choice = member.chosen[KEY];
  const { identity, boundary, scps } = permissions.policies;
  const own = [...identity, ...(boundary ? [boundary] : []), ...(scps ?? []).flat()].flatMap((p) =>
    clausesOn(p.policy),
  );
  if (!choice || own.length === 0) return [member];
  const { [KEY]: _, ...chosen } = member.chosen;
  const picker = { known: {}, unknown: [], chosen: { [KEY]: choice } };
  const members: Caller[] = [];
  for (const request of callerRequests(picker, [...own, ...(trustPolicy ? clausesOn(trustPolicy) : [])])) {
    const value = request.values.get(KEY);
    members.push({ ...member, chosen, known: value ? { ...member.known, [KEY]: value } : member.known });
  }
  return members;
}

/** Whether the caller's request carries no external id: one fixed by externalIdChoices as none. */
export function sendsNoExternalId(member: Caller): boolean {
  return !member.chosen[KEY] && !member.known[KEY];
}

function clausesOn(policy: Policy): ConditionClause[] {
  return policy.statements.flatMap((s) => s.conditions).filter((c) => c.key.toLowerCase() === KEY);
}
