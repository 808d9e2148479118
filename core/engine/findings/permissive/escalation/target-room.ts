import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { RequestContext, Tri } from "../../../policy/context.js";
import { decisionOf } from "../../../policy/evaluate.js";
import { callContext, type PermissiveContext } from "../context.js";
import { fullOfKeys, fullOfVersions } from "../iam-limits.js";
import { byTags } from "./tag-decisions.js";

/**
 * Whether `action` can give a customer managed policy other permissions (AWS managed ones cannot be
 * versioned by an account): a new version can, where there is room for one (roomFor); switching the
 * default needs another version to switch to, which a policy the input lists with one version
 * alone does not have.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
 */
export function versionable(ctx: PermissiveContext, arn: string, action: ActionInfo): boolean {
  const policy = ctx.snapshot.managedPolicies[arn];
  if (policy?.isAwsManaged !== false) return false;
  return action.key !== "iam:SetDefaultPolicyVersion" || policy.versionCount !== 1;
}

/**
 * A creating call IAM refuses where its target already holds as many as IAM allows (iam-limits.ts):
 * an access key for a user with two, active or not, or a policy version of a policy with five.
 * There the step holds only as surely as the caller may delete one first, and it names those
 * targets (`field`).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
export interface Room {
  full: (arn: string) => boolean;
  deletes: string;
  field: "deletesKeyFirst" | "deletesVersionFirst";
}

export function roomFor(ctx: PermissiveContext, action: ActionInfo): Room | undefined {
  if (action.key === "iam:CreateAccessKey")
    return { full: (arn) => fullOfKeys(ctx, arn), deletes: "iam:DeleteAccessKey", field: "deletesKeyFirst" };
  if (action.key === "iam:CreatePolicyVersion")
    return {
      full: (arn) => fullOfVersions(ctx, arn),
      deletes: "iam:DeletePolicyVersion",
      field: "deletesVersionFirst",
    };
  return undefined;
}

/**
 * How surely the caller makes room on each target: certain where it is not full, else as surely
 * as it may delete one there, a condition on the target's tags read against the tags it has (not
 * retagged: tags set for the deletion could refuse the creating call).
 */
export function placeIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  room: Room,
  context: RequestContext,
): (arn: string) => Tri {
  const deletes = ctx.catalog.action(room.deletes)!;
  const call = callContext(ctx.catalog, deletes.key, context);
  const decisionOn = (arn: string) =>
    decisionOf(subject.permissions, { action: deletes.key, resource: arn, context: call });
  const decide = byTags(ctx, subject, deletes, call, decisionOn);
  return (arn) => (room.full(arn) ? decide(arn) : "yes");
}

/**
 * Whether a console password call can work on the user. iam:CreateLoginProfile fails for a user
 * that has one ("EntityAlreadyExists"), as the credential report shows with password_enabled true,
 * unless the caller may delete that password first. iam:UpdateLoginProfile changes a password, so
 * it fails (NoSuchEntity) for a user the report shows with none: "A user with programmatic access
 * does not have a login profile unless you create a password". Neither signs the caller in as a
 * user the report shows with MFA active, unless it may also manage the user's MFA devices. Other
 * actions, and users the report does not list, are unaffected.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
 */
export function loginProfileFits(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  arn: string,
): boolean {
  const may = (key: string) => {
    const decision = decisionOf(subject.permissions, { action: key, resource: arn });
    return decision === "Allow" || decision === "Conditional";
  };
  if (action.key !== "iam:UpdateLoginProfile" && action.key !== "iam:CreateLoginProfile") return true;
  const report = ctx.snapshot.credentials[arn];
  // An MFA device "is required for every subsequent login" of its user: the caller signs in with
  // the password only if it may enable a device of its own for the user, or deactivate the user's
  // (which takes no code from the device).
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html
  if (report?.mfa.active && !may("iam:EnableMFADevice") && !may("iam:DeactivateMFADevice")) return false;
  if (action.key === "iam:UpdateLoginProfile") return report?.password.enabled !== false;
  return report?.password.enabled !== true || may("iam:DeleteLoginProfile");
}
