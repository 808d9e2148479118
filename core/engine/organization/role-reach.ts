import type { PrincipalAccess } from "../account/permissions.js";
import { adminLevel, scpLimited } from "../findings/permissive/admin-access.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { escalationChains } from "../findings/permissive/escalation/chains.js";
import { directPaths } from "../findings/permissive/escalation/direct.js";

/**
 * What holding a role gives inside its own account, after that account's SCPs: administrator
 * access (`scp-limited` when its SCPs cut part of it, as the admin-access finding says), or the
 * escalation paths it can take there by itself or by assuming further roles.
 */
export type RoleReach =
  | { admin: "certain" | "conditional" | "scp-limited" }
  | { escalation: string[]; certainty: "yes" | "maybe" };

export function roleReach(ctx: PermissiveContext, role: PrincipalAccess): RoleReach | undefined {
  const level = adminLevel(ctx, role);
  if (level) return { admin: level };
  if (scpLimited(ctx.catalog, role)) return { admin: "scp-limited" };
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
