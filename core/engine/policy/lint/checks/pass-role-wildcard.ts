import { isStar, type LintCheck } from "../context.js";

/**
 * iam:PassRole on every role lets the holder hand any role, administrators' included, to a service
 * it controls (an EC2 instance, a Lambda function) and act with that role's permissions. AWS
 * advises naming the roles: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export const passRoleWildcard: LintCheck = {
  name: "iam:PassRole on every role",
  check(ctx) {
    const passRole = ctx.catalog.action("iam:PassRole");
    if (!passRole) return;
    for (const statement of ctx.statements) {
      // `"Action": "*"` is full administrator access, reported as such by the admin-access detector.
      if (statement.effect !== "Allow" || statement.notResource || statement.actions.some(isStar)) continue;
      const everyRole = (statement.resources ?? []).find(coversEveryRole);
      if (everyRole === undefined || !ctx.coveredActions(statement).has(passRole.id)) continue;
      ctx.report({
        code: "pass-role-wildcard",
        statementIndex: statement.index,
        path: `${ctx.statementPath(statement.index)}.Resource`,
        message: `allows iam:PassRole on "${everyRole}": name the roles that may be passed`,
      });
    }
  },
};

/** `*`, or every role of an account (`arn:aws:iam::123456789012:role/*`). */
function coversEveryRole(pattern: string): boolean {
  return isStar(pattern) || /^arn:[^:]*:iam::[^:]*:role\/\*+$/.test(pattern);
}
