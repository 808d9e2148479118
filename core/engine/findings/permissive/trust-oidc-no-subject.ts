import { trustSource } from "../../snapshot/policies-of.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { oidcProvider } from "./trust/oidc-providers.js";
import { roleTrust } from "./trust/verdict.js";

/**
 * A web-identity trust must say which identities of the provider may assume the role: evaluated
 * for a token the provider issues to an outsider (its own repository, organization, namespace or
 * workspace), so that a missing `sub` condition, `"sub": "*"` or `"repo:*"` are all caught, per
 * provider (see oidc-providers.ts for the claims and the documentation of each).
 */
export const trustOidcNoSubject: PrincipalDetector = {
  kind: "trust-oidc-no-subject",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    if (subject.type !== "role") return [];
    const trust = roleTrust(ctx.account, subject.principal.arn);
    return (trust?.providers ?? []).map((admission) => {
      const provider = oidcProvider(admission.host);
      return buildFinding("trust-oidc-no-subject", [subject.principal.arn, admission.host], {
        principalArn: subject.principal.arn,
        policySource: trustSource(subject.principal.arn),
        statementIndex: admission.statements[0]!,
        ...(admission.certainty === "maybe" ? { variant: "conditional" as const } : {}),
        title: `Any identity of ${admission.host} may assume ${subject.principal.name}`,
        detail: `Trust policy statement ${admission.statements.join(", ")} lets ${admission.caller} assume the role: its conditions admit a token from someone else's ${provider.name === "OIDC provider" ? "account" : "namespace"} of the provider.`,
        evidence: { provider: admission.host, callers: [admission], reference: provider.source },
      });
    });
  },
};
