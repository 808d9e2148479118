import type { PrincipalAccess } from "../account/permissions.js";
import { callContext, type PermissiveContext } from "../findings/permissive/context.js";
import { withResourceTags } from "../findings/permissive/escalation/resource-tags.js";
import { fullOfVersions } from "../findings/permissive/iam-limits.js";
import type { RequestContext } from "../policy/context.js";
import type { Role, User } from "../snapshot/model.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { groupsOfUser } from "../snapshot/relation-index.js";

/** A call by which the caller may write itself a policy of its choosing, and how surely. */
export interface AnyGrant {
  action: string;
  certainty: "yes" | "maybe";
  /** The customer managed policy whose new default version it writes, which the new one replaces. */
  replaces?: string;
}

/** The calls putting or attaching a policy on a holder of each type: a user's groups' policies are its own. */
const ON_HOLDER = {
  user: ["iam:PutUserPolicy", "iam:AttachUserPolicy"],
  role: ["iam:PutRolePolicy", "iam:AttachRolePolicy"],
  group: ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"],
} as const;

const NEW_VERSION = "iam:CreatePolicyVersion";

/**
 * The call by which the caller may put or attach a policy of its choosing on itself (or on `to`) or
 * on a group it is in, or give a customer managed policy attached to either a new default version, and how
 * surely (a call allowed only under a condition, or with the attached policy's ARN in doubt, may
 * still be made). An inline policy takes effect once put, AdministratorAccess is there to attach,
 * and a new default version takes the place of the document it replaces; a policy keeps five
 * versions at most, so one that has five takes deleting one first.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
export function anyGrant(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  context: RequestContext,
  /** The user or role given the policy: the caller itself unless another is named. */
  to: PrincipalAccess = caller,
): AnyGrant | undefined {
  if (to.type === "group") return undefined;
  const holders = [
    { arn: to.principal.arn, type: to.type },
    ...(to.type === "user"
      ? groupsOfUser(ctx.snapshot, to.principal as User).map((g) => ({
          arn: g.arn,
          type: "group" as const,
        }))
      : []),
  ];
  // A condition on the tags of the principal given the policy reads the tags it has.
  const own = withResourceTags(context, to.principal as User | Role);
  const decide = (action: string, resource: string) => {
    const call = callContext(ctx.catalog, action, resource === to.principal.arn ? own : context);
    const { decision } = caller.permissions.evaluate({ action, resource, context: call });
    return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
  };
  let found: AnyGrant | undefined;
  for (const holder of holders) {
    for (const action of ON_HOLDER[holder.type]) {
      const certainty = decide(action, holder.arn);
      if (certainty === "yes") return { action, certainty };
      if (certainty === "maybe") found ??= { action, certainty };
    }
    const attached = principalByArn(ctx.snapshot, holder.arn)?.principal.attachedPolicyArns ?? [];
    for (const arn of attached) {
      if (ctx.snapshot.managedPolicies[arn]?.isAwsManaged !== false) continue;
      const steps = [NEW_VERSION, ...(fullOfVersions(ctx, arn) ? ["iam:DeletePolicyVersion"] : [])];
      const certainties = steps.map((action) => decide(action, arn));
      if (certainties.includes("no")) continue;
      const certainty = certainties.every((c) => c === "yes") ? "yes" : "maybe";
      if (certainty === "yes") return { action: NEW_VERSION, certainty, replaces: arn };
      found ??= { action: NEW_VERSION, certainty, replaces: arn };
    }
  }
  return found;
}
