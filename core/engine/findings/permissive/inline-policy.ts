import { inlineSource } from "../../snapshot/policies-of.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";

/**
 * Inline policies are invisible outside their principal, unversioned and not reusable; AWS
 * recommends managed policies instead
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).
 */
export const inlinePolicy: PrincipalDetector = {
  kind: "inline-policy",
  scope: "principal",
  needs: [],
  detect(_ctx, subject) {
    const { principal } = subject;
    return principal.inlinePolicies.map((inline) =>
      buildFinding("inline-policy", [principal.arn, inline.name], {
        principalArn: principal.arn,
        policySource: inlineSource(principal.arn, inline.name),
        title: `${principal.name} has the inline policy ${inline.name}`,
        detail: `Inline policies cannot be reused, versioned or reviewed across principals.`,
        evidence: { policyName: inline.name },
      }),
    );
  },
};
