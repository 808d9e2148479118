import type { LintCheck } from "../context.js";

/**
 * Key names are case-insensitive, so `aws:SourceIp` and `aws:sourceip` under one operator are the
 * same key written twice; AWS keeps only one of them, and which one is not documented
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 */
export const conditionKeyCase: LintCheck = {
  name: "condition keys repeated in another case",
  check(ctx) {
    for (const statement of ctx.statements) {
      const seen = new Map<string, string>();
      for (const clause of statement.conditions) {
        const id = `${clause.operator}\u0000${clause.key.toLowerCase()}`;
        const first = seen.get(id);
        if (first === undefined) {
          seen.set(id, clause.key);
          continue;
        }
        ctx.report({
          code: "duplicate-condition-key-case",
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: `"${clause.key}" repeats "${first}" under ${clause.operator}: keep one`,
        });
      }
    }
  },
};
