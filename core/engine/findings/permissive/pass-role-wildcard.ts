import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownAllowStatements, policyArnOf, statementLocation } from "./own-statements.js";

/**
 * iam:PassRole on every role lets the principal hand any role in the account to a service it can
 * drive (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). Whether that
 * is an escalation depends on the roles and services: privilege-escalation decides that; this
 * finding is about the grant. A condition (e.g. iam:PassedToService) lowers it.
 */
export const passRoleOnEveryRole: PrincipalDetector = {
  kind: "pass-role-wildcard",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const passRole = ctx.catalog.action("iam:PassRole")!;
    if (!subject.permissions.effective().possible.has(passRole.id)) return [];
    return ownAllowStatements(ctx, subject)
      .filter((s) => (s.allResources || s.statement.notResource) && s.reach.has(passRole.id))
      .map((s) =>
        buildFinding("pass-role-wildcard", [subject.principal.arn, s.source, String(s.statement.index)], {
          principalArn: subject.principal.arn,
          ...policyArnOf(s),
          statementIndex: s.statement.index,
          actions: ["iam:PassRole"],
          ...(s.conditional ? { variant: "conditional" as const } : {}),
          title: `${subject.principal.name} may pass any role to a service`,
          detail: s.conditional
            ? "iam:PassRole is allowed on every role, under a condition."
            : "iam:PassRole is allowed on every role, without a condition.",
          evidence: { ...statementLocation(s), conditional: s.conditional },
        }),
      );
  },
};
