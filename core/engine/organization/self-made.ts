import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, iamRegion, type PermissiveContext } from "../findings/permissive/context.js";
import { selfGranted } from "../findings/permissive/self-grant.js";

export interface SelfMade {
  /** The caller as it is once it has given itself the policy. */
  access: PrincipalAccess;
  /** The call by which it does (iam:PutUserPolicy, iam:AttachRolePolicy, iam:CreatePolicyVersion…). */
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

const made = new WeakMap<PrincipalAccess, SelfMade | null>();

/**
 * A user or role that can give itself, without doubt, a policy allowing everything, as the
 * account's own self-made administrator finding has it: once it has, its Denies, boundary and SCPs
 * are all that limit its sts:AssumeRole and its takeovers. IAM is called in us-east-1.
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
    }
    made.set(caller, found);
  }
  return found ?? undefined;
}
