import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { RequestContext } from "../../../policy/context.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { specializePolicies } from "../../../policy/specialize.js";
import { attackContext, type PermissiveContext, signedWithAccessKey } from "../context.js";

const keyed = new WeakMap<PrincipalAccess, PrincipalAccess>();
const consoled = new WeakMap<PrincipalAccess, PrincipalAccess>();

/** How a path acts as the principal it takes over: through a new access key, or a console password. */
export type TakenVia = "key" | "console";

const CONSOLE_ACTIONS = new Set(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"]);

/**
 * The principal a step taking over `target` gives the caller: for an access key made for a user,
 * the user as calls signed with that key act, which carry no aws:MultiFactorAuthPresent ("not
 * present when an API or CLI command is called with long-term credentials"), so what it may do only
 * with MFA is not the caller's; for a console password, the user as its sessions act, whose
 * aws:MultiFactorAuthPresent is false without a device of the user's. Unless the caller, or the user
 * so acting, may enable an MFA device (allowed on any resource or under any condition: the cautious
 * side), whose sessions (GetSessionToken with its code, a console sign-in with it) carry MFA. The
 * same for a group a path puts a user in and then acts as through that user (`via`). Any other
 * step: the target as it is. (A console password for a user with MFA active is no path unless the
 * caller may manage its devices: loginProfileFits.)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
export function takenOverAs(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  arn: string,
  via?: TakenVia,
): PrincipalAccess {
  const target = ctx.account.of(arn)!;
  const how =
    via ??
    (target.type !== "user"
      ? undefined
      : action.key === "iam:CreateAccessKey"
        ? "key"
        : CONSOLE_ACTIONS.has(action.key)
          ? "console"
          : undefined);
  if (!how) return target;
  const enable = ctx.catalog.action("iam:EnableMFADevice")?.id;
  if (enable === undefined) return target;
  const memo = how === "key" ? keyed : consoled;
  let access = memo.get(target);
  if (!access) {
    const context = attackContext(ctx, target);
    const policies = specializePolicies(
      target.permissions.policies,
      how === "key" ? signedWithAccessKey(context) : withoutMfa(context),
    );
    // A distinct object: privilege comparisons are remembered per principal compared.
    access = policies ? { ...target, permissions: new PrincipalPermissions(ctx.catalog, policies) } : target;
    memo.set(target, access);
  }
  // The caller, or the user as it acts, enabling a device gets MFA sessions of the user.
  if ([subject, access].some((a) => a.permissions.effective().possible.has(enable))) return target;
  return access;
}

/** A console session signed in without MFA: aws:MultiFactorAuthPresent false, no MFA age. */
function withoutMfa(context: RequestContext): RequestContext {
  const values = new Map(context.values);
  values.set("aws:multifactorauthpresent", ["false"]);
  values.delete("aws:multifactorauthage");
  const { absent } = context;
  return {
    ...context,
    values,
    absent: (key) => key === "aws:multifactorauthage" || (absent?.(key) ?? false),
  };
}
