import type { AccountPermissions } from "../../../account/permissions.js";
import { globMatch } from "../../../policy/glob.js";
import type { Statement } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";

interface TrustIndex {
  statements: Map<string, Statement[]>;
  byService: Map<string, Role[]>;
  /** Roles whose trust admits AWS principals (accounts, users, roles, `*`): the only ones a principal can assume. */
  assumableByPrincipals: Role[];
}

/** Trust policies parsed and indexed once per account: escalation analysis asks about them per principal. */
const indexes = new WeakMap<AccountPermissions, TrustIndex>();

function trustIndex(ctx: PermissiveContext): TrustIndex {
  let index = indexes.get(ctx.account);
  if (!index) {
    const statements = new Map<string, Statement[]>();
    for (const role of ctx.snapshot.roles) {
      const policy = ctx.account.trustPolicyOf(role.arn)?.policy;
      statements.set(
        role.arn,
        (policy?.statements ?? []).filter(
          (s) =>
            s.effect === "Allow" &&
            !s.notPrincipal &&
            s.actions.some((a) => globMatch(a, "sts:AssumeRole", true)) !== s.notAction,
        ),
      );
    }
    index = {
      statements,
      byService: new Map(),
      assumableByPrincipals: ctx.snapshot.roles.filter((role) =>
        statements.get(role.arn)!.some((s) => s.principal?.any || (s.principal?.values.AWS ?? []).length > 0),
      ),
    };
    indexes.set(ctx.account, index);
  }
  return index;
}

/** The trust policy's Allow statements that let someone call sts:AssumeRole (not SAML / web identity). */
export function assumeStatements(ctx: PermissiveContext, role: Role): Statement[] {
  return trustIndex(ctx).statements.get(role.arn) ?? [];
}

/** Roles whose trust admits AWS principals; other roles only services or federated identities can assume. */
export function rolesAssumableByPrincipals(ctx: PermissiveContext): readonly Role[] {
  return trustIndex(ctx).assumableByPrincipals;
}

/** The roles a service principal (e.g. lambda.amazonaws.com) may assume. */
export function rolesTrustingService(ctx: PermissiveContext, service: string): readonly Role[] {
  const index = trustIndex(ctx);
  let roles = index.byService.get(service);
  if (!roles) {
    roles = ctx.snapshot.roles.filter((role) => trustsService(ctx, role, service));
    index.byService.set(service, roles);
  }
  return roles;
}

/** Whether a service principal (e.g. lambda.amazonaws.com) may assume the role. */
export function trustsService(ctx: PermissiveContext, role: Role, service: string): boolean {
  return assumeStatements(ctx, role).some(
    (s) => s.principal?.any || (s.principal?.values.Service ?? []).some((v) => globMatch(v, service, true)),
  );
}
