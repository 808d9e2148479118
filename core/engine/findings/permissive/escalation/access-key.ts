import type { PrincipalAccess } from "../../../account/permissions.js";
import { accessKeySubject } from "../access-key-permissions.js";
import type { PermissiveContext } from "../context.js";
import { computeEdges } from "./assume.js";
import { escalationChains } from "./chains.js";
import { directPaths } from "./direct.js";

/**
 * One context per audit for the users as they act through their access keys: directPaths memoizes
 * per context and principal, so a keyed user is not mistaken for itself, while the roles its chains
 * reach are resolved once for every such user.
 */
const keyContexts = new WeakMap<PermissiveContext, PermissiveContext>();

/**
 * Whether a path or chain the subject's permissions leave conditional is certain for calls signed
 * with its active access key: a force-MFA Deny written with Bool does not apply to them.
 */
export function certainWithAccessKey(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  const keyed = accessKeySubject(ctx, subject);
  if (!keyed) return false;
  let keyCtx = keyContexts.get(ctx);
  if (!keyCtx) {
    keyCtx = { catalog: ctx.catalog, snapshot: ctx.snapshot, account: ctx.account };
    keyContexts.set(ctx, keyCtx);
  }
  return (
    directPaths(keyCtx, keyed).some((m) => m.certainty === "yes") ||
    escalationChains(keyCtx, keyed, computeEdges).some((c) => c.certainty === "yes")
  );
}
