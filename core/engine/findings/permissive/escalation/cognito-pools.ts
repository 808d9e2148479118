import type { AccountPermissions, PrincipalAccess } from "../../../account/permissions.js";
import { parseArn } from "../../../policy/arn.js";
import { globMatch } from "../../../policy/glob.js";
import type { Statement } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";
import { morePrivileged } from "./capability.js";

const HOST = "cognito-identity.amazonaws.com";
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+):[^*?]+$/i;

/**
 * The Amazon Cognito identity pools that roles more privileged than the subject trust by name, each
 * with such a role, as the ARN UpdateIdentityPool takes if the pool is the account's own. Updated,
 * a pool lets in unauthenticated identities (AllowUnauthenticatedIdentities) or a login provider of
 * the caller's (SupportedLoginProviders) and enables the basic flow (AllowClassicFlow): GetId and
 * GetOpenIdToken, which take no AWS credentials, give the caller a token whose `aud` is the pool
 * and whose `amr` says authenticated or unauthenticated as it picks, good for
 * AssumeRoleWithWebIdentity into any role whose trust admits the pool. Only "maybe": the snapshot
 * holds no identity pool, so whether the pool is the account's (the trust names a pool id, not its
 * account) is unknown, and so is any other condition of the trust.
 * https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
export function poolTakeovers(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): { pool: string; role: string }[] {
  const out: { pool: string; role: string }[] = [];
  for (const { role, pools } of trustedPools(ctx)) {
    const access = ctx.account.of(role.arn);
    if (!access || !morePrivileged(ctx, subject, access)) continue;
    const partition = parseArn(role.arn)?.partition ?? "aws";
    for (const id of pools) {
      const region = POOL_ID.exec(id)![1];
      out.push({
        pool: `arn:${partition}:cognito-identity:${region}:${ctx.snapshot.accountId}:identitypool/${id}`,
        role: role.arn,
      });
    }
  }
  return out;
}

/** The roles whose trust names identity pools, with those pools: read once per account, asked per principal. */
function trustedPools(ctx: PermissiveContext): { role: Role; pools: string[] }[] {
  let found = poolsByAccount.get(ctx.account);
  if (!found) {
    found = [];
    for (const role of ctx.snapshot.roles) {
      const statements = ctx.account.trustPolicyOf(role.arn)?.policy?.statements ?? [];
      const pools = [...new Set(statements.filter(admitsCognito).flatMap(poolsOf))];
      if (pools.length > 0) found.push({ role, pools });
    }
    poolsByAccount.set(ctx.account, found);
  }
  return found;
}

const poolsByAccount = new WeakMap<AccountPermissions, { role: Role; pools: string[] }[]>();

const admitsCognito = (s: Statement) =>
  s.effect === "Allow" &&
  !s.notPrincipal &&
  (s.principal?.values.Federated ?? []).includes(HOST) &&
  s.actions.some((a) => globMatch(a, "sts:AssumeRoleWithWebIdentity", true)) !== s.notAction;

/**
 * The pool ids the statement's audience test names outright; a statement testing no audience
 * admits a pool anyone can create, which the trust findings report.
 */
function poolsOf(s: Statement): string[] {
  return s.conditions
    .filter((c) => c.key.toLowerCase() === `${HOST}:aud` && /^String(Equals|Like)$/.test(c.base))
    .flatMap((c) => c.values)
    .filter((v) => POOL_ID.test(v));
}
