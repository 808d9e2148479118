import type { PrincipalAccess } from "../../../account/permissions.js";
import { anyIpv4Caller } from "../any-ipv4-caller.js";
import { decidedStraightToService, type PermissiveContext } from "../context.js";
import { directCallSubject } from "../direct-call-permissions.js";
import { computeEdges } from "./assume.js";
import { escalationChains } from "./chains.js";
import { directPaths } from "./direct.js";

/**
 * One context per audit for the principals as they act through calls they send straight to the
 * service: directPaths memoizes per context and principal, so such a principal is not mistaken for
 * itself, while the roles its chains reach are resolved once for every one of them.
 */
const directContexts = new WeakMap<PermissiveContext, PermissiveContext>();

/**
 * Whether a path or chain the subject's permissions leave conditional is certain for the calls it
 * sends itself, straight to the service: a statement kept to calls not made through a service
 * (aws:ViaAWSService false, no aws:CalledVia or aws:SourceAccount) holds for each of them, and so
 * does one kept to 0.0.0.0/0 (anyIpv4Caller). Only tried where a policy tests those keys: TLS and
 * the headers it writes are already the attacker's.
 */
export function certainByDirectCall(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  const tested =
    anyIpv4Caller(subject.permissions) !== undefined ||
    subject.permissions.statements.some((s) =>
      s.statement.conditions.some((c) => decidedStraightToService(c.key)),
    );
  if (!tested) return false;
  const direct = directCallSubject(ctx, subject);
  if (!direct) return false;
  let directCtx = directContexts.get(ctx);
  if (!directCtx) {
    directCtx = { catalog: ctx.catalog, snapshot: ctx.snapshot, account: ctx.account };
    directContexts.set(ctx, directCtx);
  }
  return (
    directPaths(directCtx, direct).some((m) => m.certainty === "yes") ||
    escalationChains(directCtx, direct, computeEdges).some((c) => c.certainty === "yes")
  );
}
