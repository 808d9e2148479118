import { isStar, type LintCheck, sample } from "../context.js";

/**
 * Allow on `"Resource": "*"` for actions that can be scoped to ARNs grants them on every resource
 * of the account (and others' where their policies allow). Least privilege names the resources:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 * `"Action": "*"` is full administrator access, a finding of its own, and NotAction is reported by
 * the not-action detector, so both are left out here (as parliament's RESOURCE_STAR does).
 */
export const resourceStar: LintCheck = {
  name: "Resource * on scopable actions",
  check(ctx) {
    for (const statement of ctx.statements) {
      if (statement.effect !== "Allow" || statement.notAction || statement.notResource) continue;
      if (!(statement.resources ?? []).some(isStar) || statement.actions.some(isStar)) continue;
      const scopable = ctx.actionsOf(ctx.coveredActions(statement)).filter((a) => !a.wildcardOnly);
      if (scopable.length === 0) continue;
      ctx.report({
        code: "resource-star",
        statementIndex: statement.index,
        path: `${ctx.statementPath(statement.index)}.Resource`,
        message: `"Resource": "*" for actions that can be scoped to ARNs: ${sample(scopable.map((a) => a.key))}`,
      });
    }
  },
};
