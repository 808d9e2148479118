import type { LintCheck } from "../context.js";

/**
 * Values of one key are ORed, so `NumericLessThan [5, 10]` is `< 10`: only the loosest bound counts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 */
export const redundantNumericValues: LintCheck = {
  name: "redundant numeric bounds",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        const bound = /^Numeric(Less|Greater)Than(Equals)?$/.exec(clause.base);
        if (!bound || clause.set || clause.values.length < 2) continue;
        const numbers = clause.values.map(Number);
        if (numbers.some(Number.isNaN)) continue;
        const loosest = bound[1] === "Less" ? Math.max(...numbers) : Math.min(...numbers);
        ctx.report({
          code: "redundant-numeric-values",
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: `the values are ORed: ${clause.operator} ${loosest} alone says the same`,
        });
      }
    }
  },
};
