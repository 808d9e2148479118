import { parseArn } from "../../policy/arn.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { hasConditionOn, trustAllows } from "./trust-policy.js";

/**
 * A web-identity trust must say which identities of the provider may assume the role: without a
 * condition on `PROVIDER:sub`, every GitHub repository (or every workload of the provider) can
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services).
 * Cognito identity pools are narrowed by `aud` (the pool id) instead.
 */
export const trustOidcNoSubject: PrincipalDetector = {
  kind: "trust-oidc-no-subject",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const trust = trustAllows(ctx, subject);
    if (!trust) return [];
    return trust.statements.flatMap((s) =>
      (s.principal?.values.Federated ?? []).flatMap((federated) => {
        if (federated.includes("saml-provider/")) return [];
        const host = parseArn(federated)?.resource.replace(/^oidc-provider\//, "") ?? federated;
        const key = host === "cognito-identity.amazonaws.com" ? `${host}:aud` : `${host}:sub`;
        if (hasConditionOn(s, [key])) return [];
        return [
          buildFinding("trust-oidc-no-subject", [subject.principal.arn, String(s.index), host], {
            principalArn: subject.principal.arn,
            statementIndex: s.index,
            title: `Any identity of ${host} may assume ${subject.principal.name}`,
            detail: `Trust policy statement ${s.index} trusts the OIDC provider ${host} without a condition on ${key}.`,
            evidence: { statementIndex: s.index, provider: federated, missingConditionKey: key },
          }),
        ];
      }),
    );
  },
};
