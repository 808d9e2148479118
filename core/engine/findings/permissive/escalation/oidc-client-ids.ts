import type { AccountPermissions, PrincipalAccess } from "../../../account/permissions.js";
import { parseArn } from "../../../policy/arn.js";
import type { Tri } from "../../../policy/context.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";
import { GENERIC_PROVIDER, oidcProvider } from "../trust/oidc-providers.js";
import { roleTrust } from "../trust/verdict.js";
import { morePrivileged } from "./capability.js";

/**
 * The account's OIDC providers whose client list alone keeps an outsider of the IdP out of a role
 * more privileged than the subject, each with such a role. AddClientIDToOpenIDConnectProvider adds
 * an audience STS then accepts tokens for: the caller registers a client of its own at the IdP and
 * calls AssumeRoleWithWebIdentity, which takes no AWS credentials, with a token issued to it. The
 * role's trust still applies: it admits the caller as surely as it admits any identity of the IdP
 * (the trust analysis's outsider, whose token names its own client); a trust pinning the audience or
 * subject to values only others get lets it in no more than before. Of an IdP the trust analysis
 * does not know, whether the caller can get a token at all is unknown.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
export function clientIdTakeovers(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): { provider: string; role: string; cap: Tri }[] {
  const out: { provider: string; role: string; cap: Tri }[] = [];
  for (const { role, hosts } of trustedHosts(ctx)) {
    const access = ctx.account.of(role.arn);
    if (!access || !morePrivileged(ctx, subject, access)) continue;
    for (const [host, cap] of hosts) {
      const provider = providerOf(ctx, role.arn, host);
      if (provider) out.push({ provider, role: role.arn, cap });
    }
  }
  return out;
}

/**
 * The roles whose trust admits identities of web-identity providers, with each provider's host and
 * how surely an outsider of it gets in: read once per account, asked per principal.
 */
function trustedHosts(ctx: PermissiveContext): { role: Role; hosts: Map<string, Tri> }[] {
  let found = hostsByAccount.get(ctx.account);
  if (!found) {
    found = [];
    for (const role of ctx.snapshot.roles) {
      const trusted = roleTrust(ctx.account, role.arn)?.providers ?? [];
      const hosts = new Map<string, Tri>();
      for (const { host, certainty } of trusted) {
        const cap: Tri = oidcProvider(host) === GENERIC_PROVIDER ? "maybe" : certainty;
        if (hosts.get(host) !== "yes") hosts.set(host, cap);
      }
      if (hosts.size > 0) found.push({ role, hosts });
    }
    hostsByAccount.set(ctx.account, found);
  }
  return found;
}

const hostsByAccount = new WeakMap<AccountPermissions, { role: Role; hosts: Map<string, Tri> }[]>();

/** The IAM OIDC provider of the role's account for `host`, when the trust names it by ARN. */
function providerOf(ctx: PermissiveContext, roleArn: string, host: string): string | undefined {
  const partition = parseArn(roleArn)?.partition ?? "aws";
  const arn = `arn:${partition}:iam::${ctx.snapshot.accountId}:oidc-provider/${host}`;
  const named = ctx.account
    .trustPolicyOf(roleArn)
    ?.policy?.statements.some((s) => s.principal?.values.Federated?.includes(arn));
  return named ? arn : undefined;
}
