import { actionElement, isStar, type LintCheck } from "../context.js";

/**
 * A wildcard in the service prefix (`s3*:Get*`) reaches every service whose prefix matches, today's
 * and tomorrow's: name the service.
 */
export const wildcardInService: LintCheck = {
  name: "wildcard in service prefix",
  check(ctx) {
    for (const statement of ctx.statements) {
      statement.actions.forEach((pattern, entry) => {
        const colon = pattern.indexOf(":");
        if (isStar(pattern) || colon < 0 || !/[*?]/.test(pattern.slice(0, colon))) return;
        ctx.report({
          code: "wildcard-in-service",
          statementIndex: statement.index,
          path: ctx.entryPath(statement, actionElement(statement), entry),
          message: `"${pattern}" matches the actions of every service whose prefix fits "${pattern.slice(0, colon)}"`,
        });
      });
    }
  },
};
