import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, type PermissiveContext } from "../findings/permissive/context.js";
import { create } from "../findings/permissive/escalation/requirements.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import { evaluateInPickedRegion } from "../findings/permissive/trust/picked-region.js";
import { permissionSetOf } from "../generate/iac-permission-set.js";
import type { Role } from "../snapshot/model.js";
import type { CrossAccountPath } from "./cross-account.js";
import { administratorContexts, managementCallers, managementContext } from "./management.js";
import { orgCaller } from "./org-request.js";
import { type RoleReach, roleReach } from "./role-reach.js";
import { unreadCaller } from "./unread-caller.js";

/**
 * Paths by IAM Identity Center: a user or role of the management account allowed
 * sso:CreateAccountAssignment on a member account may assign a permission set there to an
 * Identity Center user or group, and Identity Center provisions the set into the member as its
 * AWSReservedSSO_* role, which that user signs in as. The path is to each such role the run read
 * in a member that gives the most (one per member, as the caller may pick any), with what the
 * role holds there. It hangs on the caller signing in as an Identity
 * Center user the assignment names, which IAM data cannot show ("maybe"). A member account
 * registered as Identity Center's delegated administrator assigns sets too, in every member
 * account but the management account, whose permission sets it cannot manage.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
export function identityCenterPaths(
  contexts: ReadonlyMap<string, PermissiveContext>,
  organizationId: string | undefined,
  /** The management account as the run knows it, where a snapshot's organization was not read. */
  managementAccountId?: string,
  /** The accounts registered as IAM Identity Center's delegated administrator, as read. */
  delegated: readonly string[] = [],
): CrossAccountPath[] {
  const paths: CrossAccountPath[] = [];
  const managementId = managementContext(contexts, managementAccountId)?.[0] ?? managementAccountId;
  for (const source of administratorContexts(contexts, managementAccountId, delegated))
    paths.push(...pathsFrom(contexts, source, managementId, organizationId));
  return paths;
}

/** The paths from one account administering Identity Center. */
function pathsFrom(
  contexts: ReadonlyMap<string, PermissiveContext>,
  source: { accountId: string; ctx: PermissiveContext; delegated: boolean },
  managementId: string | undefined,
  organizationId: string | undefined,
): CrossAccountPath[] {
  const paths: CrossAccountPath[] = [];
  const { accountId: sourceId, ctx } = source;
  const callers = managementCallers(ctx);
  for (const [targetId, target] of contexts) {
    if (targetId === sourceId) continue;
    // A delegated administrator cannot manage the permission sets of the management account.
    if (source.delegated && targetId === managementId) continue;
    // The set giving the most there: the caller may assign any of them.
    let best: { role: Role; permissionSet: string; reaches?: RoleReach } | undefined;
    for (const role of target.snapshot.roles) {
      const permissionSet = permissionSetOf(role);
      if (permissionSet === undefined) continue;
      const access = target.account.of(role.arn);
      const reaches = access && roleReach(target, access);
      if (!best || strength(reaches) > strength(best.reaches))
        best = { role, permissionSet, ...(reaches ? { reaches } : {}) };
    }
    if (!best) continue;
    for (const read of callers) {
      // Or a policy attached to it that the snapshot holds no document for may allow the calls.
      const allowed = assigns(ctx, read, targetId, organizationId);
      const unread = allowed ? undefined : unreadCaller(ctx, read);
      if (!allowed && !(unread && assigns(ctx, unread.access, targetId, organizationId))) continue;
      const caller = unread?.access ?? read;
      // A caller that may write the set's policy first makes it an administrator's, as sure as
      // it signs in as the set's user (its SCPs still cap it), where the set gives less.
      const write = strength(best.reaches) < strength(REWRITTEN) ? writesSets(ctx, caller) : undefined;
      const reaches = write ? REWRITTEN : best.reaches;
      if (!reaches) continue;
      paths.push({
        from: { accountId: sourceId, principalArn: caller.principal.arn, type: caller.type as "user" },
        to: { accountId: targetId, roleArn: best.role.arn },
        via: "account",
        reaches,
        certainty: "maybe",
        permissionSet: best.permissionSet,
        ...(write ? { selfGrant: write } : {}),
        ...(source.delegated ? { delegatedAdministrator: true as const } : {}),
        ...(unread ? { unreadPolicies: unread.sources } : {}),
      });
    }
  }
  return paths;
}

/** Whether the caller's policies allow it to assign permission sets in the target account. */
function assigns(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  targetId: string,
  organizationId: string | undefined,
): boolean {
  const partition = caller.principal.arn.split(":")[1] ?? "aws";
  const result = evaluateInPickedRegion(caller.permissions, orgCaller(ctx, caller, organizationId), {
    action: "sso:CreateAccountAssignment",
    resource: `arn:${partition}:sso:::account/${targetId}`,
    context: attackContext(ctx, caller),
  });
  return result.decision === "Allow" || result.decision === "Conditional";
}

/** What a permission set whose policy the caller rewrites gives: an administrator, once it does. */
const REWRITTEN: RoleReach = { admin: "conditional" };

/**
 * The call by which the caller may give a permission set any policy (the new assignment, or
 * sso:ProvisionPermissionSet, provisions it into the account); undefined when it may not.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutInlinePolicyToPermissionSet.html
 */
function writesSets(ctx: PermissiveContext, caller: PrincipalAccess): string | undefined {
  return WRITES.find((action) => resolveRequirement(ctx, caller, create(action)).certainty !== "no");
}
const WRITES = ["sso:PutInlinePolicyToPermissionSet", "sso:AttachManagedPolicyToPermissionSet"];

/** How much a reach gives: a certain administrator most, an uncertain escalation least, none nothing. */
function strength(reach: RoleReach | undefined): number {
  if (!reach) return 0;
  if ("admin" in reach) return { certain: 5, "scp-limited": 4, conditional: 3 }[reach.admin];
  return reach.certainty === "yes" ? 2 : 1;
}
