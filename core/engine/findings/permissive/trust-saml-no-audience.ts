import { trustSource } from "../../snapshot/policies-of.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { roleTrust } from "./trust/verdict.js";

/**
 * A SAML trust must check that the assertion was addressed to AWS sign-in (`saml:aud`, the SAML
 * Recipient): AWS's role-creation guidance requires it, since without it STS accepts a response
 * the IdP signed for another recipient (another service provider's endpoint) that carries the
 * role. Evaluated for such a response, so that `StringLike "*"`, a negated operator or a missing
 * condition are caught, and `StringEqualsIfExists` (the Recipient is always present) is not.
 * A trust letting `"*"` call sts:AssumeRoleWithSAML (provider `*`) is reported conditional: the
 * provider the call names may not need to be the account's (see anySamlCallers); where an
 * outsider's own provider may get in, graded as a conditionally open trust (trust-any-principal's
 * conditional severity), not as a recipient left unchecked.
 */
export const trustSamlNoAudience: PrincipalDetector = {
  kind: "trust-saml-no-audience",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    if (subject.type !== "role") return [];
    const trust = roleTrust(ctx.account, subject.principal.arn);
    return (trust?.saml ?? []).map((admission) =>
      buildFinding("trust-saml-no-audience", [subject.principal.arn, admission.provider], {
        principalArn: subject.principal.arn,
        policySource: trustSource(subject.principal.arn),
        statementIndex: admission.statements[0]!,
        ...(admission.outsider
          ? { variant: "outsider-provider" as const }
          : admission.certainty === "maybe"
            ? { variant: "conditional" as const }
            : {}),
        ...(admission.provider === "*"
          ? {
              title: `${subject.principal.name} may accept SAML assertions of any identity provider`,
              detail: `Trust policy statement ${admission.statements.join(", ")} lets ${admission.caller} assume the role: its principal admits whatever SAML provider the call names, and AWS does not document that the provider must be one of the role's account; naming the account's provider (as the Federated principal, or in saml:doc) and pinning saml:aud to the AWS sign-in endpoint closes it.`,
            }
          : {
              title: `${subject.principal.name} accepts SAML assertions addressed to anyone`,
              detail: `Trust policy statement ${admission.statements.join(", ")} lets ${admission.caller} assume the role: no saml:aud condition pins the recipient to the AWS sign-in endpoint.`,
            }),
        evidence: { provider: admission.provider, callers: [admission] },
      }),
    );
  },
};
