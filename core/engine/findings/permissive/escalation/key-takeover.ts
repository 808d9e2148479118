import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { specializePolicies } from "../../../policy/specialize.js";
import { attackContext, type PermissiveContext, signedWithAccessKey } from "../context.js";

const keyed = new WeakMap<PrincipalAccess, PrincipalAccess>();

/**
 * The principal a step taking over `target` gives the caller: for an access key made for a user,
 * the user as calls signed with that key act, which carry no aws:MultiFactorAuthPresent ("not
 * present when an API or CLI command is called with long-term credentials"), so what it may do only
 * with MFA is not the caller's; unless the caller, or the user as the key acts, may enable an MFA
 * device (allowed on any resource or under any condition: the cautious side), whose sessions
 * (GetSessionToken with its code) carry MFA. The same for a group a path joins a user to and then
 * acts through that user's new access key (`throughKey`). Any other step: the target as it is.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
export function takenOverAs(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  arn: string,
  throughKey = false,
): PrincipalAccess {
  const target = ctx.account.of(arn)!;
  if (!throughKey && (action.key !== "iam:CreateAccessKey" || target.type !== "user")) return target;
  const enable = ctx.catalog.action("iam:EnableMFADevice")?.id;
  if (enable === undefined) return target;
  let access = keyed.get(target);
  if (!access) {
    const policies = specializePolicies(
      target.permissions.policies,
      signedWithAccessKey(attackContext(ctx, target)),
    );
    // A distinct object: privilege comparisons are remembered per principal compared.
    access = policies ? { ...target, permissions: new PrincipalPermissions(ctx.catalog, policies) } : target;
    keyed.set(target, access);
  }
  // The caller, or the user as its new key acts, enabling a device gets MFA sessions of the user.
  if ([subject, access].some((a) => a.permissions.effective().possible.has(enable))) return target;
  return access;
}
