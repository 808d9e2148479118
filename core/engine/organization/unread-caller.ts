import type { PrincipalAccess } from "../account/permissions.js";
import { withUnreadPolicies } from "../account/unread-policies.js";
import type { PermissiveContext } from "../findings/permissive/context.js";

const widened = new WeakMap<PrincipalAccess, { access: PrincipalAccess; sources: string[] } | null>();

/**
 * The caller with each attached managed policy the snapshot holds no document for read as allowing
 * anything under a condition no request decides (withUnreadPolicies): what it may ask for across
 * accounts, never what it surely may. Undefined when every policy attached to it was read. One
 * object per caller, as the analyses cache by principal.
 */
export function unreadCaller(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
): { access: PrincipalAccess; sources: string[] } | undefined {
  let known = widened.get(caller);
  if (known === undefined) {
    const unread = withUnreadPolicies(ctx.catalog, ctx.snapshot, caller);
    known = unread
      ? { access: { ...caller, permissions: unread.permissions }, sources: unread.sources }
      : null;
    widened.set(caller, known);
  }
  return known ?? undefined;
}
