import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import type { Tri } from "../policy/context.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { User } from "../snapshot/model.js";

export interface GroupJoined {
  /**
   * The caller as it is once a member: the group's policies beside its own, its boundary and SCPs
   * kept, and the group among its groups (a policy it then writes to that group is its own).
   */
  access: PrincipalAccess;
  group: string;
  /** How surely it may add itself (the account graph's join step). */
  certainty: Exclude<Tri, "no">;
}

/** The account graph's step joining a more privileged group (iam-013's iam:AddUserToGroup). */
const JOIN = ESCALATION_PATHS.find((p) => p.id === "iam-013")!.requires[0]!;

/** Calls by which a member writes its group a policy (self-grant.ts decides which apply). */
const GROUP_WRITES = ["iam:PutGroupPolicy", "iam:AttachGroupPolicy", "iam:CreatePolicyVersion"];

const joined = new WeakMap<PrincipalAccess, GroupJoined[]>();
const joinable = new WeakMap<PrincipalAccess, GroupJoined[]>();

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
      const join = joining(ctx, caller, arn);
      if (join) found.push(join);
    }
    joined.set(caller, found);
  }
  return found;
}

/**
 * The other groups of its account a user is not in and may add itself to, where it may also write
 * a policy to a group at all: no more privileged than the user, they give it nothing as they are,
 * but a policy it puts or attaches on one (or a new default version of one attached to it) is its
 * own once it is a member, a self-grant the account graph's iam-010/iam-011 steps name without the
 * join (selfMade decides whether it makes the user an administrator).
 */
export function groupsToWrite(ctx: PermissiveContext, caller: PrincipalAccess): GroupJoined[] {
  let found = joinable.get(caller);
  if (!found) {
    found = [];
    const possible = caller.permissions.effective().possible;
    const has = (action: string) => {
      const id = ctx.catalog.action(action)?.id;
      return id !== undefined && possible.has(id);
    };
    if (caller.type === "user" && has(JOIN.action) && GROUP_WRITES.some(has)) {
      const member = new Set((caller.principal as User).groups);
      const privileged = new Set(groupsJoined(ctx, caller).map((j) => j.group));
      for (const group of ctx.snapshot.groups) {
        if (member.has(group.name) || privileged.has(group.arn)) continue;
        const join = joining(ctx, caller, group.arn);
        if (join) found.push(join);
      }
    }
    joinable.set(caller, found);
  }
  return found;
}

/** The user as a member of the group `arn`, as surely as it may add itself to it (the step asked for that group alone). */
function joining(ctx: PermissiveContext, caller: PrincipalAccess, arn: string): GroupJoined | undefined {
  const group = ctx.account.of(arn);
  if (group?.type !== "group") return undefined;
  const { certainty } = resolveRequirement(ctx, caller, JOIN, undefined, arn);
  if (certainty === "no") return undefined;
  const { identity, ...rest } = caller.permissions.policies;
  const own = new Set(identity.map((p) => p.source));
  const permissions = new PrincipalPermissions(ctx.catalog, {
    ...rest,
    identity: [...identity, ...group.permissions.policies.identity.filter((p) => !own.has(p.source))],
  });
  const user = caller.principal as User;
  const principal = { ...user, groups: [...user.groups, group.principal.name] };
  return { access: { ...caller, principal, permissions }, group: arn, certainty };
}
