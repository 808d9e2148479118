import type { PrincipalAccess } from "../../account/permissions.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { specializePolicies } from "../../policy/specialize.js";
import { anyIpv4Caller } from "./any-ipv4-caller.js";
import { describeHeaders, pickedHeaders } from "./caller-headers.js";
import { decidedStraightToService, directCallContext, type PermissiveContext } from "./context.js";

/** How a finding names the calls directCallSubject stands for. */
export function byDirectCall(subject: PrincipalAccess): string {
  const straight = subject.permissions.statements.some((s) =>
    s.statement.conditions.some((c) => decidedStraightToService(c.key)),
  );
  const ipv4 = anyIpv4Caller(subject.permissions) ? " from any IPv4 address (aws:SourceIp)" : "";
  const tls = `for a call it makes itself over TLS (aws:SecureTransport true)${ipv4}${straight ? ", straight to the service rather than through one (aws:ViaAWSService false, no aws:CalledVia or aws:SourceAccount)" : ""}`;
  const pick = pickedHeaders(subject.permissions);
  return pick ? `${tls} with ${describeHeaders(pick)}, headers it writes itself` : tls;
}

const cache = new WeakMap<PrincipalAccess, PrincipalAccess | null>();

/**
 * A principal as it acts through the calls it makes itself (directCallContext): a guardrail
 * denying calls without TLS drops out for them, and so do conditions on the User-Agent and Referer
 * headers, which it sends as they ask.
 * Undefined when that context decides none of its conditions. One object per subject.
 */
export function directCallSubject(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): PrincipalAccess | undefined {
  let direct = cache.get(subject);
  if (direct === undefined) {
    const policies = specializePolicies(subject.permissions.policies, directCallContext(subject));
    direct = policies ? { ...subject, permissions: new PrincipalPermissions(ctx.catalog, policies) } : null;
    cache.set(subject, direct);
  }
  return direct ?? undefined;
}
