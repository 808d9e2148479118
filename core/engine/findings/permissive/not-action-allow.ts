import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

/**
 * Allow with NotAction grants everything except the listed actions — including services the author
 * never thought of (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
 * Reported only while some of what it reaches is still effectively allowed: a Deny of everything
 * (AWSDenyAll, attached to quarantine a principal) leaves it granting nothing.
 */
export const notActionAllow: PrincipalDetector = {
  kind: "not-action-allow",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const possible = ownPossible(ctx, subject);
    return ownAllowStatements(ctx, subject)
      .filter((s) => s.statement.notAction)
      .flatMap((s) => {
        const granted = s.reach.intersect(possible).count();
        if (granted === 0) return [];
        return buildFinding(
          "not-action-allow",
          [subject.principal.arn, s.source, String(s.statement.index)],
          {
            principalArn: subject.principal.arn,
            ...policyOf(s),
            statementIndex: s.statement.index,
            title: `${subject.principal.name} has an Allow with NotAction (everything except ${s.statement.actions.length} pattern(s))`,
            detail: `The statement reaches ${granted} effectively allowed actions, and every action AWS adds later.`,
            evidence: {
              ...statementLocation(s),
              notAction: s.statement.actions,
              effectivelyAllowed: granted,
            },
          },
        );
      });
  },
};
