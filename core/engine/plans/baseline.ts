import type { Plan, PlanBaselinePolicy, PlanBaselinePrincipal } from "../report/schema.js";
import type { Group, Principal, Role, Snapshot, User } from "../snapshot/model.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { groupsOfUser, holdersOf, membersOf } from "../snapshot/relation-index.js";

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
    ...(principal.id ? { id: principal.id } : {}),
    ...(type === "group" ? {} : { boundary: (principal as User | Role).permissionsBoundaryArn ?? null }),
  };
}

/** A customer managed policy's default version and attachments; undefined for AWS managed ones. */
export function policyBaseline(snapshot: Snapshot, arn: string): PlanBaselinePolicy | undefined {
  const kept = keptPolicyBaseline(snapshot, arn);
  if (!kept || snapshot.managedPolicies[arn]?.isAwsManaged) return undefined;
  return { ...kept, attachedTo: holdersOf(snapshot, arn).map((h) => h.principal.arn) };
}

/**
 * The policies the proofs counted that the change leaves in place: every touched user's or role's
 * own (unless the change replaces them) and its groups' (unless the change is the group's), with
 * the customer managed policies attached there. A plan proven beside them is stale once they
 * differ: an Allow added to a group since the audit may be what a detached Deny guarded, and a
 * grant withdrawn from it since may be back in the new policy. `changed`: the principals and
 * policies `before` already holds; `rewritten`: the policy a `policy` plan writes a new default
 * version of. With them, the permissions boundaries of the touched users and roles, and the AWS
 * managed policies among both: AWS publishes new default versions of those, which change what the
 * principals hold as much as a customer's edit does. So too the AWS managed policies the change
 * detaches (`before` holds customer managed ones only): the proofs read their default version as
 * what the principal holds today, and a version AWS publishes since with less in it, or a Deny,
 * would leave the new policies granting what the principal no longer has.
 */
export function keptBaseline(
  snapshot: Snapshot,
  touched: readonly string[],
  changed: Pick<Plan["before"], "principals" | "policies">,
  rewritten?: string,
): NonNullable<Plan["before"]["kept"]> {
  const skip = new Set(changed.principals.map((p) => p.arn));
  const kept = new Map<string, PlanBaselinePrincipal>();
  const add = (principal: Principal, type: PlanBaselinePrincipal["type"], withMembers = false) => {
    if (skip.has(principal.arn) || kept.has(principal.arn)) return;
    // A kept group's other members do not change what its policies grant the touched principals.
    const full = principalBaseline(snapshot, principal, type);
    const { members: _, ...baseline } = full;
    // Spread from the whole baseline: keys keep the report schema's order.
    kept.set(principal.arn, withMembers ? { ...full, members: full.members ?? [] } : baseline);
  };
  // But a group holding the policy the change rewrites hands the new version, unproven, to whoever
  // joins it: its members are part of what was proven, as the policy's own attachments are.
  if (rewritten)
    for (const h of holdersOf(snapshot, rewritten)) if (h.type === "group") add(h.principal, "group", true);
  for (const arn of touched) {
    const found = principalByArn(snapshot, arn);
    if (!found || found.type === "group") continue;
    add(found.principal, found.type);
    if (found.type === "user")
      for (const group of groupsOfUser(snapshot, found.principal)) add(group, "group");
  }
  const principals = [...kept.values()].sort((a, b) => a.arn.localeCompare(b.arn));
  const skipPolicies = new Set(changed.policies.map((p) => p.arn));
  const boundaries = [...changed.principals, ...principals].flatMap((p) => p.boundary ?? []);
  const attached = [...changed.principals, ...principals].flatMap((p) => p.attached);
  const arns = new Set([...attached, ...boundaries].filter((arn) => !skipPolicies.has(arn)));
  const policies = [...arns].sort().flatMap((arn) => keptPolicyBaseline(snapshot, arn) ?? []);
  return { principals, policies };
}

/** A managed policy's default version as the proofs read it, AWS managed ones included. */
function keptPolicyBaseline(
  snapshot: Snapshot,
  arn: string,
): NonNullable<Plan["before"]["kept"]>["policies"][number] | undefined {
  const policy = snapshot.managedPolicies[arn];
  if (!policy) return undefined;
  return {
    arn,
    name: policy.name,
    path: policy.path ?? "/",
    defaultVersionId: policy.defaultVersionId,
    document: policy.document,
  };
}

export { type Holder, holdersOf, membersOf } from "../snapshot/relation-index.js";
