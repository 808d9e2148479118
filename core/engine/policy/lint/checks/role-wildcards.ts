import type { LintCode } from "../codes.js";
import { isStar, type LintCheck } from "../context.js";

/**
 * Role actions that must name their roles. iam:PassRole on every role lets the holder hand any
 * role, administrators' included, to a service it controls and act with that role's permissions
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html);
 * iam:CreateServiceLinkedRole on every role creates roles for services the account never meant
 * to use (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
 * Reached through the action, `*` or NotAction, on `*`, every role, or NotResource: Access
 * Analyzer's six "Pass role with ..." and six "Create SLR with ..." checks.
 */
const ROLE_ACTIONS: readonly { action: string; code: LintCode; advice: string }[] = [
  { action: "iam:PassRole", code: "pass-role-wildcard", advice: "name the roles that may be passed" },
  {
    action: "iam:CreateServiceLinkedRole",
    code: "create-slr-wildcard",
    advice: "name the service-linked roles that may be created",
  },
];

export const roleWildcards: LintCheck = {
  name: "role actions on every role",
  check(ctx) {
    for (const { action, code, advice } of ROLE_ACTIONS) {
      const info = ctx.catalog.action(action);
      if (!info) continue;
      for (const statement of ctx.statements) {
        if (statement.effect !== "Allow" || !ctx.coveredActions(statement).has(info.id)) continue;
        const every = statement.notResource
          ? "NotResource"
          : (statement.resources ?? []).find(coversEveryRole);
        if (every === undefined) continue;
        const through = statement.notAction ? "NotAction" : statement.actions.some(isStar) ? '"*"' : action;
        ctx.report({
          code,
          statementIndex: statement.index,
          path: `${ctx.statementPath(statement.index)}.${statement.notResource ? "NotResource" : "Resource"}`,
          message: `allows ${action} (through ${through}) on ${every === "NotResource" ? "everything but the NotResource list" : `"${every}"`}: ${advice}`,
        });
      }
    }
  },
};

/** `*`, or every role of an account (`arn:aws:iam::123456789012:role/*`, `.../role/aws-service-role/*`). */
function coversEveryRole(pattern: string): boolean {
  return isStar(pattern) || /^arn:[^:]*:iam::[^:]*:role\/(aws-service-role\/)?\*+$/.test(pattern);
}
