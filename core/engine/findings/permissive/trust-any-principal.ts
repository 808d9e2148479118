import { trustSource } from "../../snapshot/policies-of.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { roleTrust } from "./trust/verdict.js";

/**
 * A trust policy that lets any principal of any other AWS account assume the role: decided by
 * evaluating the policy for such a caller, so that conditions it can meet (IfExists on a key a
 * direct AssumeRole lacks, a negated operator, a wildcard ARN it can name itself) narrow nothing.
 */
/** Why a pattern of organization ids is no boundary. */
const FAMILY =
  "AWS assigns organization ids at random and anyone may create an organization, delete it and create another until its id matches the pattern, so it admits strangers; only a full organization id (StringEquals) pins one.";

export const trustAnyPrincipal: PrincipalDetector = {
  kind: "trust-any-principal",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    if (subject.type !== "role") return [];
    const outsider = roleTrust(ctx.account, subject.principal.arn)?.outsider;
    if (!outsider) return [];
    const statements = outsider.statements.join(", ");
    return [
      buildFinding("trust-any-principal", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        policySource: trustSource(subject.principal.arn),
        statementIndex: outsider.statements[0]!,
        ...(outsider.certainty === "maybe" ? { variant: "conditional" as const } : {}),
        title: `Any AWS principal may assume ${subject.principal.name}`,
        detail: `${
          outsider.certainty === "yes"
            ? `Trust policy statement ${statements} lets ${outsider.caller} assume the role: no condition stops a caller outside the account and its organization.`
            : `Trust policy statement ${statements} lets ${outsider.caller} assume the role unless a condition the snapshot cannot decide (where the call comes from, the organization the role's account is in, or a value the caller may present that the analysis could not settle) stops it.`
        }${outsider.organization ? ` ${FAMILY}` : ""}`,
        evidence: {
          callers: [outsider],
          ...(outsider.organization ? { organizations: [outsider.organization] } : {}),
        },
      }),
    ];
  },
};
