import { everyResource, patternCoversFormat } from "../../policy/every-resource.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

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
    if (!ownPossible(ctx, subject).has(passRole.id)) return [];
    return ownAllowStatements(ctx, subject)
      .filter(
        (s) =>
          s.reach.has(passRole.id) &&
          (s.allResources ||
            s.statement.notResource ||
            everyResource(ctx.catalog, s).has(passRole.id) ||
            namesEveryRoleOf(ctx.snapshot.accountId, s.statement.resources ?? [])),
      )
      .map((s) =>
        buildFinding("pass-role-wildcard", [subject.principal.arn, s.source, String(s.statement.index)], {
          principalArn: subject.principal.arn,
          ...policyOf(s),
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

/** A role can be passed only within its own account: every role of the account is every role. */
function namesEveryRoleOf(accountId: string, patterns: readonly string[]): boolean {
  const format = `arn:\${Partition}:iam::${accountId}:role/\${RoleNameWithPath}`;
  return patterns.some((p) => patternCoversFormat(p, format));
}
