import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

/**
 * Allow with NotResource applies to every resource except the listed ones, including resources
 * created later (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html).
 * Reported only while one of its actions is still effectively allowed somewhere: a Deny of
 * everything (AWSDenyAll, attached to quarantine a principal) leaves it granting nothing.
 */
export const notResourceAllow: PrincipalDetector = {
  kind: "not-resource-allow",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const possible = ownPossible(ctx, subject);
    return ownAllowStatements(ctx, subject)
      .filter((s) => s.statement.notResource && !s.reach.intersect(possible).isEmpty())
      .map((s) =>
        buildFinding("not-resource-allow", [subject.principal.arn, s.source, String(s.statement.index)], {
          principalArn: subject.principal.arn,
          ...policyOf(s),
          statementIndex: s.statement.index,
          actions: s.statement.actions,
          title: `${subject.principal.name} has an Allow with NotResource`,
          detail: `The statement allows ${s.statement.actions.join(", ")} on every resource except ${(s.statement.resources ?? []).join(", ")}.`,
          evidence: { ...statementLocation(s), notResource: s.statement.resources ?? [] },
        }),
      );
  },
};
