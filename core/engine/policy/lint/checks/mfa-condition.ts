import type { LintCheck } from "../context.js";

/**
 * aws:MultiFactorAuthPresent is absent, not false, on requests signed with long-term access keys,
 * so `"Bool": {"aws:MultiFactorAuthPresent": "false"}` never matches them: an Allow with it grants
 * nothing to those callers and a Deny with it lets them through. AWS recommends
 * `BoolIfExists` in a Deny instead:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 */
export const mfaCondition: LintCheck = {
  name: "MFA condition pattern",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        if (clause.operator !== "Bool" || clause.key.toLowerCase() !== "aws:multifactorauthpresent") continue;
        if (!clause.values.includes("false")) continue;
        ctx.report({
          code: "bad-mfa-condition",
          statementIndex: statement.index,
          path: `${ctx.statementPath(statement.index)}.Condition.Bool.${clause.key}`,
          message:
            'Bool aws:MultiFactorAuthPresent "false" never matches requests made with access keys (the key is absent); use a Deny with BoolIfExists',
        });
      }
    }
  },
};
