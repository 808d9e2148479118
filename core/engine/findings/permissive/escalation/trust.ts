import { globMatch } from "../../../policy/glob.js";
import type { Statement } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";

/** The trust policy's Allow statements that let someone call sts:AssumeRole (not SAML / web identity). */
export function assumeStatements(ctx: PermissiveContext, role: Role): Statement[] {
  const policy = ctx.account.trustPolicyOf(role.arn)?.policy;
  if (!policy) return [];
  return policy.statements.filter(
    (s) =>
      s.effect === "Allow" &&
      !s.notPrincipal &&
      s.actions.some((a) => globMatch(a, "sts:AssumeRole", true)) !== s.notAction,
  );
}

/** Whether a service principal (e.g. lambda.amazonaws.com) may assume the role. */
export function trustsService(ctx: PermissiveContext, role: Role, service: string): boolean {
  return assumeStatements(ctx, role).some(
    (s) => s.principal?.any || (s.principal?.values.Service ?? []).some((v) => globMatch(v, service, true)),
  );
}
