import type { PrincipalAccess } from "../../account/permissions.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { everyResource, patternCoversFormat } from "../../policy/every-resource.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { accessKeySubject } from "./access-key-permissions.js";
import type { PermissiveContext } from "./context.js";
import { directCallSubject } from "./direct-call-permissions.js";
import { ownPossible, selfCallSubject } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

/**
 * iam:PassRole on every role lets the principal hand any role in the account to a service it can
 * drive (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). Whether that
 * is an escalation depends on the roles and services: privilege-escalation decides that; this
 * finding is about the grant. A condition (e.g. iam:PassedToService) lowers it, unless the calls
 * the principal makes itself (over TLS), signs with its access key, or signs at all (its own ARN,
 * principal type and account) always meet it.
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
      .map((s) => {
        const conditional = s.conditional && !unconditionalForOwnCalls(ctx, subject, s);
        return buildFinding(
          "pass-role-wildcard",
          [subject.principal.arn, s.source, String(s.statement.index)],
          {
            principalArn: subject.principal.arn,
            ...policyOf(s),
            statementIndex: s.statement.index,
            actions: ["iam:PassRole"],
            ...(conditional ? { variant: "conditional" as const } : {}),
            title: `${subject.principal.name} may pass any role to a service`,
            detail: conditional
              ? "iam:PassRole is allowed on every role, under a condition."
              : "iam:PassRole is allowed on every role, without a condition.",
            evidence: { ...statementLocation(s), conditional },
          },
        );
      });
  },
};

/**
 * Whether the statement loses every condition for the calls the principal makes itself, those
 * signed with its active access key, or every call it signs (the conditions those calls decide
 * are dropped from their statements).
 */
function unconditionalForOwnCalls(ctx: PermissiveContext, subject: PrincipalAccess, s: CompiledStatement) {
  const callers = [
    directCallSubject(ctx, subject),
    accessKeySubject(ctx, subject),
    selfCallSubject(ctx, subject),
  ];
  return callers.some((acting) =>
    acting?.permissions.statements.some(
      (t) =>
        !t.conditional &&
        t.layer === s.layer &&
        t.source === s.source &&
        t.statement.index === s.statement.index,
    ),
  );
}

/** A role can be passed only within its own account: every role of the account is every role. */
function namesEveryRoleOf(accountId: string, patterns: readonly string[]): boolean {
  const format = `arn:\${Partition}:iam::${accountId}:role/\${RoleNameWithPath}`;
  return patterns.some((p) => patternCoversFormat(p, format));
}
