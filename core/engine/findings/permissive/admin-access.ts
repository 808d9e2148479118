import type { PrincipalAccess } from "../../account/permissions.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";

/**
 * Effectively `*` on `*`: every catalog action is allowed on some resource after Deny statements,
 * the permissions boundary and any SCPs (the effective-permissions algebra, not the text of one
 * statement). "certain" when every action is allowed everywhere without a condition.
 */
export function adminLevel(
  catalog: Catalog,
  subject: PrincipalAccess,
): "certain" | "conditional" | undefined {
  const effective = subject.permissions.effective();
  if (effective.possible.count() !== catalog.size) return undefined;
  return effective.unconditional.count() === catalog.size ? "certain" : "conditional";
}

export const adminAccess: PrincipalDetector = {
  kind: "admin-access",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const level = adminLevel(ctx.catalog, subject);
    if (!level) return [];
    const granting = subject.permissions.statements
      .filter(
        (s) =>
          s.layer === "identity" && s.statement.effect === "Allow" && s.reach.count() === ctx.catalog.size,
      )
      .map((s) => ({ policy: s.source, statementIndex: s.statement.index }));
    return [
      buildFinding("admin-access", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        actions: ["*"],
        ...(level === "conditional" ? { variant: "conditional" as const } : {}),
        title: `${subject.principal.name} is effectively an administrator (* on *)`,
        detail:
          level === "certain"
            ? "Every IAM action is allowed on every resource, with no Deny, boundary or condition in the way."
            : "Every IAM action is allowed on some resources or under some conditions.",
        evidence: { level, grantedBy: granting },
      }),
    ];
  },
};
