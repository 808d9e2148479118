import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, iamRegion, type PermissiveContext } from "../findings/permissive/context.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import { STAR, selfGranted } from "../findings/permissive/self-grant.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import { anyGrant } from "./any-grant.js";

export interface SelfMade {
  /** The caller as it is once it has given itself the policy. */
  access: PrincipalAccess;
  /**
   * The call by which it does (iam:PutUserPolicy, iam:AttachRolePolicy, iam:CreatePolicyVersion…),
   * or iam:CreateGroup where it creates a group, gives it the policy and joins it (NEW_GROUP).
   */
  action: string;
  /** Whether the call is surely allowed, or only under a condition. */
  certainty: "yes" | "maybe";
}

/** Calls that can give a principal a policy of its own writing (self-grant.ts decides which apply). */
export const GRANTS = [
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
 * takeovers. Failing those, one that may put or attach a policy on itself or a group it is in at
 * all (anyGrant): the policy it writes still gives it what its Denies, boundary and SCPs leave,
 * if no administrator, and surely only where the call is allowed without a condition. IAM is
 * called in us-east-1.
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
        found = {
          access: { ...caller, permissions: granted.permissions },
          action: granted.grant.action,
          certainty: "yes",
        };
      else if (caller.type === "user" && newGroup(ctx, caller))
        found = { access: withStar(ctx, caller, "new-group"), action: "iam:CreateGroup", certainty: "yes" };
      else {
        const grant = anyGrant(ctx, caller, context);
        if (grant)
          found = {
            access: withStar(ctx, caller, "inline", grant.replaces),
            action: grant.action,
            certainty: grant.certainty,
          };
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

/**
 * The caller with a policy allowing everything among its own (`kind` names where it is written),
 * in place of the managed policy it gives a new default version (`replaces`).
 */
export function withStar(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  kind: string,
  replaces?: string,
): PrincipalAccess {
  const { identity, ...rest } = caller.permissions.policies;
  const star = { source: `${caller.principal.arn}#${kind}/*`, policy: STAR };
  const kept = identity.filter((p) => p.source !== replaces);
  return {
    ...caller,
    permissions: new PrincipalPermissions(ctx.catalog, { ...rest, identity: [...kept, star] }),
  };
}
