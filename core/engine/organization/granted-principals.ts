import type { PrincipalAccess } from "../account/permissions.js";
import {
  attackContext,
  callContext,
  iamRegion,
  type PermissiveContext,
} from "../findings/permissive/context.js";
import { assumableRoles } from "../findings/permissive/escalation/assume.js";
import { isServiceLinked } from "../snapshot/model.js";
import { anyGrant } from "./any-grant.js";
import { GRANTS, withStar } from "./self-made.js";

/** Another user or role of its account the caller gives a policy of its writing, then acts as. */
export interface GrantedPrincipal {
  /** That principal once given the policy (its Denies, boundary and SCPs kept). */
  access: PrincipalAccess;
  /** That principal as it is. */
  taken: PrincipalAccess;
  certainty: "yes" | "maybe";
  /** The principal, and the two calls: the grant, then sts:AssumeRole or iam:CreateAccessKey. */
  through: { principalArn: string; paths: string[] };
  /**
   * The caller signs as a user with the access key it has just made for it, which carries no MFA,
   * and neither may enable the user an MFA device.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
   */
  keySigned: boolean;
}

const found = new WeakMap<PrincipalAccess, GrantedPrincipal[]>();

/**
 * The other users and roles of its account a caller may put or attach a policy of its choosing on
 * (or on a group the user is in, or a new default version of a customer managed policy attached to
 * either) and then act as: assume the role, or make the user an access key. The policy takes effect
 * once written, so the principal's own requests then go as far as its Denies, boundary and SCPs
 * let them, whatever it holds today (the account graph's iam-014/015/017/018 paths).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 */
export function grantedPrincipals(ctx: PermissiveContext, caller: PrincipalAccess): GrantedPrincipal[] {
  let granted = found.get(caller);
  if (!granted) {
    granted = [];
    const possible = caller.permissions.effective().possible;
    const grants = GRANTS.some((a) => {
      const id = ctx.catalog.action(a)?.id;
      return id !== undefined && possible.has(id);
    });
    if (caller.type !== "group" && grants) {
      const region = iamRegion(caller.principal.arn);
      const context = attackContext(ctx, caller, region ? { "aws:RequestedRegion": region } : {});
      const assumes = new Map(assumableRoles(ctx, caller).map((e) => [e.role.arn, e.certainty]));
      for (const taken of ctx.account.all()) {
        if (taken.type === "group" || taken.principal.arn === caller.principal.arn) continue;
        if (isServiceLinked(taken.principal)) continue;
        const acts =
          taken.type === "role" ? assumes.get(taken.principal.arn) : makesKey(ctx, caller, taken, context);
        if (!acts || acts === "no") continue;
        const grant = anyGrant(ctx, caller, context, taken);
        if (!grant) continue;
        const act = taken.type === "role" ? "sts:AssumeRole" : "iam:CreateAccessKey";
        const access = withStar(ctx, taken, "inline", grant.replaces);
        granted.push({
          access,
          taken,
          certainty: acts === "yes" && grant.certainty === "yes" ? "yes" : "maybe",
          through: { principalArn: taken.principal.arn, paths: [`${grant.action} + ${act}`] },
          // Unless the user, as it now is, or the caller may enable it an MFA device (as takeovers.ts weighs it).
          keySigned: taken.type === "user" && ![caller, access].some((a) => mayEnableMfa(ctx, a)),
        });
      }
    }
    found.set(caller, granted);
  }
  return granted;
}

/** Whether the caller may make the user an access key, and how surely. */
function makesKey(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  user: PrincipalAccess,
  context: ReturnType<typeof attackContext>,
): "yes" | "maybe" | "no" {
  const action = "iam:CreateAccessKey";
  const request = {
    action,
    resource: user.principal.arn,
    context: callContext(ctx.catalog, action, context),
  };
  const { decision } = caller.permissions.evaluate(request);
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}

const mayEnableMfa = (ctx: PermissiveContext, access: PrincipalAccess) => {
  const id = ctx.catalog.action("iam:EnableMFADevice")?.id;
  return id === undefined || access.permissions.effective().possible.has(id);
};
