import type { PermissiveDetector } from "./context.js";
import { permissiveFinding } from "./kinds.js";
import { ownAllowStatements, policyArnOf, statementLocation } from "./own-statements.js";

/**
 * Allow with NotResource applies to every resource except the listed ones, including resources
 * created later (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html).
 */
export const notResourceAllow: PermissiveDetector = {
  kind: "not-resource-allow",
  detect(ctx, subject) {
    return ownAllowStatements(ctx, subject)
      .filter((s) => s.statement.notResource)
      .map((s) =>
        permissiveFinding(
          "not-resource-allow",
          [subject.principal.arn, s.source, String(s.statement.index)],
          {
            principalArn: subject.principal.arn,
            ...policyArnOf(s),
            statementIndex: s.statement.index,
            actions: s.statement.actions,
            title: `${subject.principal.name} has an Allow with NotResource`,
            detail: `The statement allows ${s.statement.actions.join(", ")} on every resource except ${(s.statement.resources ?? []).join(", ")}.`,
            evidence: { ...statementLocation(s), notResource: s.statement.resources ?? [] },
          },
        ),
      );
  },
};
