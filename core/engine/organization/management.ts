import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { isServiceLinked } from "../snapshot/model.js";

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
  return ctx.account.all().filter((c) => c.type !== "group" && !isServiceLinked(c.principal));
}

/**
 * The audited accounts that administer a service for the organization: the management account and
 * the accounts registered as the service's delegated administrator (organizations:
 * ListDelegatedAdministrators), each once.
 */
export function administratorContexts(
  contexts: ReadonlyMap<string, PermissiveContext>,
  managementAccountId: string | undefined,
  delegated: readonly string[] = [],
): { accountId: string; ctx: PermissiveContext; delegated: boolean }[] {
  const management = managementContext(contexts, managementAccountId);
  const found = management ? [{ accountId: management[0], ctx: management[1], delegated: false }] : [];
  for (const accountId of new Set(delegated)) {
    const ctx = contexts.get(accountId);
    if (ctx && accountId !== management?.[0]) found.push({ accountId, ctx, delegated: true });
  }
  return found;
}
