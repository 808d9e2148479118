import type { PlanBaselinePolicy, PlanBaselinePrincipal } from "../report/schema.js";
import type { Group, Principal, Snapshot, User } from "../snapshot/model.js";
import { holdersOf, membersOf } from "../snapshot/relation-index.js";

/**
 * The principal's own policies as the audit saw them, a group's members, and a user's groups: a
 * user's plan keeps its groups' policies and carries the Denies that guard what they allow, so a
 * group joined or left since the audit makes the plan stale.
 */
export function principalBaseline(
  snapshot: Snapshot,
  principal: Principal,
  type: PlanBaselinePrincipal["type"],
): PlanBaselinePrincipal {
  return {
    arn: principal.arn,
    type,
    name: principal.name,
    attached: [...principal.attachedPolicyArns].sort(),
    inline: principal.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    ...(type === "group" ? { members: membersOf(snapshot, principal as Group).map((u) => u.name) } : {}),
    ...(type === "user" ? { groups: [...new Set((principal as User).groups)].sort() } : {}),
  };
}

/** A customer managed policy's default version and attachments; undefined for AWS managed ones. */
export function policyBaseline(snapshot: Snapshot, arn: string): PlanBaselinePolicy | undefined {
  const policy = snapshot.managedPolicies[arn];
  if (!policy || policy.isAwsManaged) return undefined;
  return {
    arn,
    name: policy.name,
    path: policy.path ?? "/",
    defaultVersionId: policy.defaultVersionId,
    document: policy.document,
    attachedTo: holdersOf(snapshot, arn).map((h) => h.principal.arn),
  };
}

export { type Holder, holdersOf, membersOf } from "../snapshot/relation-index.js";
