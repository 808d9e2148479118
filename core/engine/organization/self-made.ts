import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, iamRegion, type PermissiveContext } from "../findings/permissive/context.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import { STAR, selfGranted } from "../findings/permissive/self-grant.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";

export interface SelfMade {
  /** The caller as it is once it has given itself the policy. */
  access: PrincipalAccess;
  /**
   * The call by which it does (iam:PutUserPolicy, iam:AttachRolePolicy, iam:CreatePolicyVersion…),
   * or iam:CreateGroup where it creates a group, gives it the policy and joins it (NEW_GROUP).
   */
  action: string;
}

/** Calls that can give a principal a policy of its own writing (self-grant.ts decides which apply). */
const GRANTS = [
  "iam:PutUserPolicy",
  "iam:AttachUserPolicy",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:PutGroupPolicy",
  "iam:AttachGroupPolicy",
  "iam:CreatePolicyVersion",
];

/**
 * The account graph's paths by which a user creates a group, puts or attaches a policy on it and
 * joins it (whittle-new-group-*): the group's policies are then its own, within its boundary,
 * which the path's grant step already weighs (grantRoom).
 */
const NEW_GROUP = ESCALATION_PATHS.filter((p) => p.id.startsWith("whittle-new-group-"));

const made = new WeakMap<PrincipalAccess, SelfMade | null>();

/**
 * A user or role that can give itself, without doubt, a policy allowing everything, as the
 * account's own self-made administrator finding has it, or a user that can surely take one of
 * NEW_GROUP's paths (as AdministratorAccess or a policy of its own writing is there to attach or
 * put): once it has, its Denies, boundary and SCPs are all that limit its sts:AssumeRole and its
 * takeovers. IAM is called in us-east-1.
 */
export function selfMade(ctx: PermissiveContext, caller: PrincipalAccess): SelfMade | undefined {
  let found = made.get(caller);
  if (found === undefined) {
    found = null;
    const possible = caller.permissions.effective().possible;
    const ids = GRANTS.map((a) => ctx.catalog.action(a)?.id);
    if (caller.type !== "group" && ids.some((id) => id !== undefined && possible.has(id))) {
      const region = iamRegion(caller.principal.arn);
      const context = attackContext(ctx, caller, region ? { "aws:RequestedRegion": region } : {});
      const granted = selfGranted(ctx, caller, caller.permissions, context);
      if (granted)
        found = { access: { ...caller, permissions: granted.permissions }, action: granted.grant.action };
      else if (caller.type === "user" && newGroup(ctx, caller)) {
        const { identity, ...rest } = caller.permissions.policies;
        const star = { source: `${caller.principal.arn}#new-group/*`, policy: STAR };
        const permissions = new PrincipalPermissions(ctx.catalog, { ...rest, identity: [...identity, star] });
        found = { access: { ...caller, permissions }, action: "iam:CreateGroup" };
      }
    }
    made.set(caller, found);
  }
  return found ?? undefined;
}

/** Whether the user may surely take one of NEW_GROUP's paths, each step as the account graph resolves it. */
function newGroup(ctx: PermissiveContext, caller: PrincipalAccess): boolean {
  return NEW_GROUP.some((path) =>
    path.requires.every((step) => resolveRequirement(ctx, caller, step).certainty === "yes"),
  );
}
