import type { LintCheck } from "../context.js";

/**
 * Allow with NotPrincipal grants access to every principal except the ones listed, anonymous
 * users included. AWS recommends against it:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export const notPrincipalAllow: LintCheck = {
  name: "NotPrincipal with Allow",
  check(ctx) {
    for (const statement of ctx.statements) {
      if (!statement.notPrincipal || statement.effect !== "Allow") continue;
      ctx.report({
        code: "not-principal-allow",
        statementIndex: statement.index,
        path: `${ctx.statementPath(statement.index)}.NotPrincipal`,
        message:
          "Allow with NotPrincipal grants every principal except those listed, including anonymous users",
      });
    }
  },
};
