import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";

/**
 * The organization's management account among the audited ones, by its own snapshot's
 * organization or, where that was not read, as the run knows it; undefined when not audited.
 */
export function managementContext(
  contexts: ReadonlyMap<string, PermissiveContext>,
  managementAccountId?: string,
): [string, PermissiveContext] | undefined {
  return [...contexts].find(
    ([id, ctx]) => (ctx.snapshot.organization?.managementAccountId ?? managementAccountId) === id,
  );
}

/** The management account's users and roles that make calls of their own: no group, no service-linked role. */
export function managementCallers(ctx: PermissiveContext): PrincipalAccess[] {
  return ctx.account
    .all()
    .filter((c) => c.type !== "group" && !("serviceLinked" in c.principal && c.principal.serviceLinked));
}
