import type { Tri } from "../policy/context.js";
import type { RoleReach } from "./role-reach.js";

/**
 * What a role gives: what it holds itself, with the paths it opens into other accounts. A certain
 * administrator stays one, as does a conditional or SCP-limited one unless a path it opens is
 * certain; the paths it opens are reported from the role itself as well.
 */
export function withOnward(own: RoleReach | undefined, onward: RoleReach): RoleReach {
  if (!own || "admin" in onward) return own ?? onward;
  if ("admin" in own) {
    if (own.admin === "certain" || onward.certainty !== "yes") return own;
    const admin =
      own.admin === "conditional" ? "administrator (conditional)" : "administrator (limited by SCPs)";
    return { escalation: [admin, ...onward.escalation], certainty: "yes" };
  }
  const certainty = own.certainty === "yes" || onward.certainty === "yes" ? "yes" : "maybe";
  return { escalation: [...own.escalation, ...onward.escalation], certainty };
}

/**
 * Upgrades each leading-on role's reach to a certain one when any of its edges leads surely to a
 * certain reach, until none changes: the first edge found may hang on a condition another does not.
 */
export function surestOnward(
  reachOf: Map<string, RoleReach>,
  onwardOf: Map<string, { roleArn: string; accountId: string; certainty: Tri }[]>,
  ownReach: (roleArn: string) => RoleReach | undefined,
): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [arn, edges] of onwardOf) {
      const current = reachOf.get(arn)!;
      if ("admin" in current ? current.admin === "certain" : current.certainty === "yes") continue;
      for (const e of edges) {
        const reach = onward(e.roleArn, e.accountId, reachOf.get(e.roleArn)!, e.certainty);
        if ("certainty" in reach && reach.certainty === "yes") {
          reachOf.set(arn, withOnward(ownReach(arn), reach));
          changed = true;
          break;
        }
      }
    }
  }
}

/** What a role gives by assuming `roleArn` of another account, which gives `reaches` there. */
export function onward(
  roleArn: string,
  accountId: string,
  reaches: RoleReach,
  certainty: Tri,
): Extract<RoleReach, { escalation: string[] }> {
  const gives = "admin" in reaches ? "admin" : reaches.escalation.join(", ");
  const sure =
    certainty === "yes" &&
    ("admin" in reaches ? reaches.admin !== "conditional" : reaches.certainty === "yes");
  // A member's root user, reached by sts:AssumeRoot (assume-root.ts), is no role to assume.
  const step = roleArn.endsWith(":root")
    ? `take the root user of ${accountId} (sts:AssumeRoot, ${gives})`
    : `assume ${roleArn.split("/").pop()} in ${accountId} (${gives})`;
  return {
    escalation: [step],
    certainty: sure ? "yes" : "maybe",
  };
}
