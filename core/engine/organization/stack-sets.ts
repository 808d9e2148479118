import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { create } from "../findings/permissive/escalation/requirements.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import { allOf, type Tri } from "../policy/context.js";
import type { CrossAccountPath } from "./cross-account.js";
import { administratorContexts, managementCallers, managementContext } from "./management.js";
import { roleReach } from "./role-reach.js";
import { unreadCaller } from "./unread-caller.js";

/** The execution role StackSets with service-managed permissions creates in each target account. */
const EXECUTION_ROLE = /^stacksets-exec-/;
/** The management account's StackSets service-linked role, which assumes the members' execution roles. */
const ORG_ADMIN_ROLE = "AWSServiceRoleForCloudFormationStackSetsOrgAdmin";
const CALLS = [create("cloudformation:CreateStackSet"), create("cloudformation:CreateStackInstances")];

/**
 * Paths by CloudFormation StackSets with service-managed permissions: a user or role of the
 * management account allowed to create a StackSet and its stack instances deploys any template
 * (IAM resources included) into member accounts, run by StackSets as the `stacksets-exec-*` role
 * it made there with AdministratorAccess, which the management account's StackSets service-linked
 * role assumes. SCPs do not apply to the management account's caller; the member's cap the role,
 * as its reach says. The path is to each member's execution role the run read; it is certain when
 * the caller's calls are and the management account holds that service-linked role (trusted
 * access activated), else it hangs on trusted access.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-custom-execution-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ActivateOrganizationsAccess.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html
 * A member account registered as StackSets' delegated administrator creates such StackSets too
 * (CallAs DELEGATED_ADMIN; they are created in the management account and run by the same
 * service-linked role), with its own SCPs capping its callers; StackSets deploys no stack instance
 * to the management account.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export function stackSetPaths(
  contexts: ReadonlyMap<string, PermissiveContext>,
  /** The management account as the run knows it, where a snapshot's organization was not read. */
  managementAccountId?: string,
  /** The accounts registered as StackSets' delegated administrator, as read. */
  delegated: readonly string[] = [],
): CrossAccountPath[] {
  const paths: CrossAccountPath[] = [];
  const management = managementContext(contexts, managementAccountId);
  const managementId = management?.[0] ?? managementAccountId;
  // The service-linked role that runs every service-managed StackSet, a delegated administrator's too.
  const activated =
    management?.[1].snapshot.roles.some((r) => r.serviceLinked && r.name === ORG_ADMIN_ROLE) ?? false;
  for (const source of administratorContexts(contexts, managementAccountId, delegated)) {
    const { accountId: sourceId, ctx } = source;
    // Asked once, and only where a member holds an execution role.
    let callers: { caller: PrincipalAccess; certainty: Tri; unreadPolicies?: string[] }[] | undefined;
    for (const [targetId, target] of contexts) {
      // StackSets deploys no stack instance to the management account.
      if (targetId === sourceId || targetId === managementId) continue;
      for (const role of target.snapshot.roles) {
        if (role.serviceLinked || !EXECUTION_ROLE.test(role.name)) continue;
        const access = target.account.of(role.arn);
        const reaches = access && roleReach(target, access);
        if (!reaches) continue;
        callers ??= managementCallers(ctx).flatMap((caller) => {
          const certainty = deploys(ctx, caller);
          if (certainty !== "no") return [{ caller, certainty }];
          // Or a policy attached to it that the snapshot holds no document for may allow the calls.
          const unread = unreadCaller(ctx, caller);
          return unread && deploys(ctx, unread.access) !== "no"
            ? [{ caller, certainty: "maybe" as const, unreadPolicies: unread.sources }]
            : [];
        });
        for (const { caller, certainty, unreadPolicies } of callers) {
          paths.push({
            from: { accountId: sourceId, principalArn: caller.principal.arn, type: caller.type as "user" },
            to: { accountId: targetId, roleArn: role.arn },
            via: "account",
            reaches,
            certainty: certainty === "yes" && activated ? "yes" : "maybe",
            stackSet: true,
            ...(source.delegated ? { delegatedAdministrator: true as const } : {}),
            ...(unreadPolicies ? { unreadPolicies } : {}),
          });
        }
      }
    }
  }
  return paths;
}

/** Whether the caller may create a StackSet and its stack instances, under names it picks. */
function deploys(ctx: PermissiveContext, caller: PrincipalAccess): Tri {
  return allOf(CALLS.map((call) => resolveRequirement(ctx, caller, call).certainty));
}
