import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { RequestContext } from "../../../policy/context.js";
import type { PermissiveContext } from "../context.js";
import { principalAt } from "./resource-tags.js";

const KEY = "iam:permissionsboundary";

/**
 * The calls on an existing user or role whose iam:PermissionsBoundary is the boundary the target
 * has now (the Service Authorization Reference lists the key for them, and no request parameter
 * names a boundary). On iam:CreateUser, iam:CreateRole and iam:Put*PermissionsBoundary the key is
 * the boundary the request sets instead (chosen-policy.ts), so they are not here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
const ON_EXISTING = new Set(
  [
    "AttachRolePolicy",
    "AttachUserPolicy",
    "DeleteRole",
    "DeleteRolePermissionsBoundary",
    "DeleteRolePolicy",
    "DeleteUserPermissionsBoundary",
    "DeleteUserPolicy",
    "DetachRolePolicy",
    "DetachUserPolicy",
    "GetRole",
    "PutRolePolicy",
    "PutUserPolicy",
    "UpdateAssumeRolePolicy",
    "UpdateRole",
    "UpdateRoleDescription",
  ].map((name) => `iam:${name.toLowerCase()}`),
);

const testedCache = new WeakMap<PrincipalAccess, Map<number, boolean>>();

/** Whether the action reads the target's boundary and some statement naming it tests the key. */
export function testsTargetBoundary(subject: PrincipalAccess, action: ActionInfo): boolean {
  if (!ON_EXISTING.has(action.key.toLowerCase())) return false;
  let byAction = testedCache.get(subject);
  if (!byAction) {
    byAction = new Map();
    testedCache.set(subject, byAction);
  }
  let tested = byAction.get(action.id);
  if (tested === undefined) {
    tested = subject.permissions
      .statementsNaming(action.id)
      .some((s) => s.statement.conditions.some((clause) => clause.key.toLowerCase() === KEY));
    byAction.set(action.id, tested);
  }
  return tested;
}

/**
 * The request's context with the boundary of the user or role of the account it acts on: its ARN,
 * or, as the snapshot lists every boundary, the key absent when it has none (StringEquals fails,
 * StringNotEquals and IfExists hold). Undefined for a resource the snapshot does not hold, whose
 * boundary stays undecided.
 */
export function withTargetBoundary(
  ctx: PermissiveContext,
  resource: string,
  context: RequestContext,
): RequestContext | undefined {
  const target = principalAt(ctx, resource);
  if (!target) return undefined;
  const boundary = target.permissionsBoundaryArn;
  const values = new Map(context.values);
  if (boundary) {
    values.set(KEY, [boundary]);
    return { ...context, values };
  }
  values.delete(KEY);
  const { absent } = context;
  return { ...context, values, absent: (key) => key === KEY || (absent?.(key) ?? false) };
}
