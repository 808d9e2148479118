import type { PrincipalAccess } from "../../../account/permissions.js";
import { parseArn } from "../../../policy/arn.js";
import { allOf, type Tri } from "../../../policy/context.js";
import { globMatch } from "../../../policy/glob.js";
import type { Statement } from "../../../policy/types.js";
import type { PermissiveContext } from "../context.js";
import { morePrivileged } from "./capability.js";

interface SamlTrust {
  role: string;
  providers: string[];
  /** "maybe" where a condition other than the assertion's own keys, or a Deny of the trust, may refuse it. */
  cap: Tri;
}

const trusts = new WeakMap<PermissiveContext, SamlTrust[]>();

/**
 * The account's SAML providers that roles more privileged than the subject trust, each with such a
 * role ("maybe" where the role is only maybe more privileged). A provider's metadata holds "keys that can be used to validate the SAML authentication
 * response (assertions)", and UpdateSAMLProvider replaces it: with the caller's own IdP's metadata,
 * assertions the caller signs get the role's credentials from AssumeRoleWithSAML, which takes no
 * AWS credentials. Every `saml:` key of the request comes from the assertion, the caller's to
 * write; any other condition is not shown to be met.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 */
export function samlTakeovers(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): { provider: string; role: string; cap: Tri }[] {
  const out: { provider: string; role: string; cap: Tri }[] = [];
  for (const trust of samlTrusts(ctx)) {
    const access = ctx.account.of(trust.role);
    const cap = access ? allOf([trust.cap, morePrivileged(ctx, subject, access)]) : "no";
    if (cap === "no") continue;
    for (const provider of trust.providers) out.push({ provider, role: trust.role, cap });
  }
  return out;
}

function samlTrusts(ctx: PermissiveContext): SamlTrust[] {
  let found = trusts.get(ctx);
  if (!found) {
    found = [];
    for (const role of ctx.snapshot.roles) {
      const statements = ctx.account.trustPolicyOf(role.arn)?.policy?.statements ?? [];
      const denied = statements.some((s) => s.effect === "Deny");
      const providers = new Map<string, Tri>();
      for (const s of statements.filter((s) => admitsSaml(s))) {
        const cap: Tri = !denied && s.conditions.every((c) => /^saml:/i.test(c.key)) ? "yes" : "maybe";
        for (const value of s.principal?.values.Federated ?? []) {
          if (!isProviderOf(value, ctx.snapshot.accountId)) continue;
          if (providers.get(value) !== "yes") providers.set(value, cap);
        }
      }
      for (const cap of ["yes", "maybe"] as const) {
        const named = [...providers].filter(([, c]) => c === cap).map(([provider]) => provider);
        if (named.length > 0) found.push({ role: role.arn, providers: named, cap });
      }
    }
    trusts.set(ctx, found);
  }
  return found;
}

const admitsSaml = (s: Statement) =>
  s.effect === "Allow" &&
  !s.notPrincipal &&
  s.actions.some((a) => globMatch(a, "sts:AssumeRoleWithSAML", true)) !== s.notAction;

function isProviderOf(value: string, accountId: string): boolean {
  const arn = parseArn(value);
  return arn?.service === "iam" && arn.account === accountId && arn.resource.startsWith("saml-provider/");
}
