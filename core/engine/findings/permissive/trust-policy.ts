import type { PrincipalAccess } from "../../account/permissions.js";
import { globsIntersect } from "../../policy/glob.js";
import type { Statement } from "../../policy/types.js";
import type { Role } from "../../snapshot/model.js";
import type { PermissiveContext } from "./context.js";

/**
 * Condition keys that narrow "any AWS principal" to an organization, account or known caller
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
export const RESTRICTING_KEYS = [
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:userid",
];

/** Keys that tie a cross-account trust to the intended caller (confused-deputy protection). */
export const CROSS_ACCOUNT_KEYS = ["sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

export function hasConditionOn(statement: Statement, keys: readonly string[]): boolean {
  return statement.conditions.some((c) => keys.some((k) => k.toLowerCase() === c.key.toLowerCase()));
}

/** The role's trust-policy Allow statements (any sts:AssumeRole* action), parsed once by AccountPermissions. */
export function trustAllows(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): { role: Role; statements: Statement[] } | undefined {
  if (subject.type !== "role") return undefined;
  const role = subject.principal as Role;
  const policy = ctx.account.trustPolicyOf(role.arn)?.policy;
  if (!policy) return undefined;
  const statements = policy.statements.filter(
    (s) =>
      s.effect === "Allow" &&
      !s.notPrincipal &&
      (s.notAction || s.actions.some((a) => globsIntersect(a, "sts:AssumeRole*", true))),
  );
  return { role, statements };
}

/** Statements trusting every AWS principal with nothing narrowing it down. */
export function anyPrincipalStatements(ctx: PermissiveContext, subject: PrincipalAccess): Statement[] {
  const trust = trustAllows(ctx, subject);
  if (!trust) return [];
  return trust.statements.filter(
    (s) =>
      (s.principal?.any || (s.principal?.values.AWS ?? []).includes("*")) &&
      !hasConditionOn(s, RESTRICTING_KEYS),
  );
}

/** Whether anyone with AWS credentials can become this principal (the critical case of the severity model). */
export function assumableByAnyone(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  return anyPrincipalStatements(ctx, subject).length > 0;
}
