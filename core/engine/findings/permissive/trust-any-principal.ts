import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { anyPrincipalStatements } from "./trust-policy.js";

/**
 * A trust policy with Principal `*` (or AWS `*`) and no condition restricting the caller's
 * organization, account or ARN lets any AWS account's principals assume the role.
 */
export const trustAnyPrincipal: PrincipalDetector = {
  kind: "trust-any-principal",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    return anyPrincipalStatements(ctx, subject).map((s) =>
      buildFinding("trust-any-principal", [subject.principal.arn, String(s.index)], {
        principalArn: subject.principal.arn,
        statementIndex: s.index,
        title: `Any AWS principal may assume ${subject.principal.name}`,
        detail: `Trust policy statement ${s.index} allows ${s.actions.join(", ")} to Principal "*"${s.conditions.length > 0 ? `, with conditions on ${s.conditions.map((c) => c.key).join(", ")} that do not name an organization, account or principal` : " without a condition"}.`,
        evidence: {
          statementIndex: s.index,
          conditions: s.conditions.map((c) => ({ operator: c.operator, key: c.key, values: c.values })),
        },
      }),
    );
  },
};
