import type { PermissiveDetector } from "./context.js";
import { permissiveFinding } from "./kinds.js";

/**
 * Inline policies are invisible outside their principal, unversioned and not reusable; AWS
 * recommends managed policies instead
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).
 */
export const inlinePolicy: PermissiveDetector = {
  kind: "inline-policy",
  detect(_ctx, subject) {
    const { principal } = subject;
    return principal.inlinePolicies.map((inline) =>
      permissiveFinding("inline-policy", [principal.arn, inline.name], {
        principalArn: principal.arn,
        title: `${principal.name} has the inline policy ${inline.name}`,
        detail: `Inline policies cannot be reused, versioned or reviewed across principals.`,
        evidence: { policyName: inline.name },
      }),
    );
  },
};
