import { cidrContains } from "../../policy/ip.js";
import type { PrincipalPermissions } from "../../policy/principal-permissions.js";

/**
 * An IPv4 address standing for whichever one a caller sends from: chosen only where every clause
 * on aws:SourceIp holds for every IPv4 address, so that which one it is decides nothing.
 */
const SOME_IPV4 = "198.51.100.10";

const picks = new WeakMap<PrincipalPermissions, string | null>();

/**
 * The aws:SourceIp of a call the principal sends over the internet from an IPv4 address, where
 * every clause its policies (boundary and SCPs included) set on that key is an Allow's IpAddress
 * naming a range that holds every IPv4 address (0.0.0.0/0): a call from anywhere meets them all.
 * Undefined when they set none, or any other: a range narrower than that, a Deny, a negated or set
 * operator, a policy variable; those stay undecided.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
 */
export function anyIpv4Caller(permissions: PrincipalPermissions): string | undefined {
  let pick = picks.get(permissions);
  if (pick === undefined) {
    pick = decide(permissions) ?? null;
    picks.set(permissions, pick);
  }
  return pick ?? undefined;
}

function decide(permissions: PrincipalPermissions): string | undefined {
  let tested = false;
  for (const { statement } of permissions.statements) {
    const texts = [...(statement.resources ?? []), ...statement.conditions.flatMap((c) => c.values)];
    if (texts.some((t) => /\$\{aws:sourceip/i.test(t))) return undefined;
    for (const clause of statement.conditions) {
      if (clause.key.toLowerCase() !== "aws:sourceip") continue;
      tested = true;
      const everyAddress = clause.values.some(
        (v) => cidrContains(v, "0.0.0.0") && cidrContains(v, "255.255.255.255"),
      );
      if (statement.effect !== "Allow" || clause.base !== "IpAddress" || clause.set || !everyAddress)
        return undefined;
    }
  }
  return tested ? SOME_IPV4 : undefined;
}
