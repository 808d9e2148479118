import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import type { Tri } from "../policy/context.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";

export interface GroupJoined {
  /** The caller as it is once a member: the group's policies beside its own, its boundary and SCPs kept. */
  access: PrincipalAccess;
  group: string;
  /** How surely it may add itself (the account graph's join step). */
  certainty: Exclude<Tri, "no">;
}

/** The account graph's step joining a more privileged group (iam-013's iam:AddUserToGroup). */
const JOIN = ESCALATION_PATHS.find((p) => p.id === "iam-013")!.requires[0]!;

const joined = new WeakMap<PrincipalAccess, GroupJoined[]>();

/**
 * The groups of its account a user may add itself to, as the account's own escalation analysis
 * finds them (more privileged than the user), each with the user as a member: a group's policies
 * act for its members, under each member's boundary and SCPs, and its own Denies stay.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
 */
export function groupsJoined(ctx: PermissiveContext, caller: PrincipalAccess): GroupJoined[] {
  let found = joined.get(caller);
  if (!found) {
    found = [];
    // Resolved as the account's analysis resolves it (at once for a user without the action).
    const step = caller.type === "user" ? resolveRequirement(ctx, caller, JOIN) : undefined;
    for (const arn of step && step.certainty !== "no" ? step.targets : []) {
      const group = ctx.account.of(arn);
      if (group?.type !== "group") continue;
      // The step's certainty is of its surest group: each is asked for itself.
      const { certainty } = resolveRequirement(ctx, caller, JOIN, undefined, arn);
      if (certainty === "no") continue;
      const { identity, ...rest } = caller.permissions.policies;
      const own = new Set(identity.map((p) => p.source));
      const permissions = new PrincipalPermissions(ctx.catalog, {
        ...rest,
        identity: [...identity, ...group.permissions.policies.identity.filter((p) => !own.has(p.source))],
      });
      found.push({ access: { ...caller, permissions }, group: arn, certainty });
    }
    joined.set(caller, found);
  }
  return found;
}
