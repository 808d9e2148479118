import type { PrincipalAccess } from "../account/permissions.js";
import { adminLevel } from "../findings/permissive/admin-access.js";
import { scpLimitedAdmin } from "../findings/permissive/admin-scp-limit.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { escalationChains } from "../findings/permissive/escalation/chains.js";
import { directPaths } from "../findings/permissive/escalation/direct.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";

/**
 * What holding a role gives inside its own account, after that account's SCPs: administrator
 * access (`scp-limited` when its SCPs cut part of it but leave its calls something, as the
 * admin-access finding says), or the escalation paths it can take there by itself or by assuming
 * further roles. SCPs grant nothing and cap every request alike, so an administrator they cut
 * holds all the rest as surely as it holds `*` by its own policies: `scp-limited` is a certain
 * reach, and one whose own policies make it an administrator only under a condition stays
 * `conditional` (an SCP never makes it surer).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
export type RoleReach =
  | { admin: "certain" | "conditional" | "scp-limited" }
  | { escalation: string[]; certainty: "yes" | "maybe" };

export function roleReach(ctx: PermissiveContext, role: PrincipalAccess): RoleReach | undefined {
  const level = adminLevel(ctx, role);
  if (level) return { admin: level };
  // A role its SCPs leave nothing is no administrator, whatever its own policies say.
  if (scpLimitedAdmin(ctx, role))
    return { admin: ownLevel(ctx, role) === "certain" ? "scp-limited" : "conditional" };
  const direct = directPaths(ctx, role);
  const chains = escalationChains(ctx, role);
  if (direct.length === 0 && chains.length === 0) return undefined;
  const names = [
    ...direct.map((m) => m.path.id),
    ...chains.map(
      (c) =>
        `assume ${c.roles.map((r) => r.arn.split("/").pop()).join(" → ")} (${c.reaches === "admin" ? "admin" : c.reaches.join(", ")})`,
    ),
  ];
  const certain = direct.some((m) => m.certainty === "yes") || chains.some((c) => c.certainty === "yes");
  return { escalation: names, certainty: certain ? "yes" : "maybe" };
}

/** The role's administrator level by its own policies, as if no SCP applied. */
function ownLevel(ctx: PermissiveContext, role: PrincipalAccess) {
  const { scps: _, ...own } = role.permissions.policies;
  return adminLevel(ctx, { ...role, permissions: new PrincipalPermissions(ctx.catalog, own) });
}
