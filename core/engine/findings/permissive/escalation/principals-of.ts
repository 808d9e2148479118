import type { ActionInfo } from "../../../catalog/types.js";
import type { Role, Snapshot } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";

/** The users, roles or groups a step of `action` may work on. */
export function principalsOf(ctx: PermissiveContext, type: "user" | "role" | "group", action: ActionInfo) {
  if (type === "role") return action.key.startsWith("iam:") ? changeableRoles(ctx) : ctx.snapshot.roles;
  return type === "user" ? ctx.snapshot.users : ctx.snapshot.groups;
}

const changeable = new WeakMap<Snapshot, readonly Role[]>();

/**
 * The roles IAM lets a caller change: not service-linked ones, which only their service may
 * change (IAM answers PutRolePolicy, AttachRolePolicy and UpdateAssumeRolePolicy on them with
 * UnmodifiableEntity).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 */
function changeableRoles(ctx: PermissiveContext): readonly Role[] {
  let roles = changeable.get(ctx.snapshot);
  if (!roles) {
    roles = ctx.snapshot.roles.some((r) => r.serviceLinked)
      ? ctx.snapshot.roles.filter((r) => !r.serviceLinked)
      : ctx.snapshot.roles;
    changeable.set(ctx.snapshot, roles);
  }
  return roles;
}
