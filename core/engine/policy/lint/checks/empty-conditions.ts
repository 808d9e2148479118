import type { LintCode } from "../codes.js";
import type { LintCheck } from "../context.js";

/**
 * Conditions written empty: a block with no operator or key tests nothing, and a key with no
 * values either never matches or, with ForAllValues or IfExists, matches only when the key is
 * absent, which Null says plainly (Access Analyzer's "Empty array condition" suggestions).
 */
export const emptyConditions: LintCheck = {
  name: "empty conditions",
  check(ctx) {
    for (const statement of ctx.statements) {
      const condition = ctx.rawStatement(statement.index)?.Condition;
      const at = `${ctx.statementPath(statement.index)}.Condition`;
      if (condition === null || typeof condition !== "object" || Array.isArray(condition)) continue;
      const blocks = Object.entries(condition as Record<string, unknown>);
      const emptyBlock = blocks.find(([, block]) => isEmptyObject(block));
      if (blocks.length === 0 || emptyBlock) {
        ctx.report({
          code: "empty-condition",
          statementIndex: statement.index,
          path: emptyBlock ? `${at}.${emptyBlock[0]}` : at,
          message: "the condition block is empty and tests nothing",
        });
      }
      for (const clause of statement.conditions) {
        if (clause.values.length > 0) continue;
        const [code, message]: [LintCode, string] =
          clause.set === "ForAllValues"
            ? [
                "empty-for-all-values",
                "ForAllValues with no values holds only when the key is absent: use Null",
              ]
            : clause.set === "ForAnyValue"
              ? ["empty-for-any-value", "ForAnyValue with no values never matches"]
              : clause.ifExists
                ? ["empty-if-exists", "IfExists with no values holds only when the key is absent: use Null"]
                : ["empty-condition-values", "the key has no values, so the condition never matches"];
        ctx.report({
          code,
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message,
        });
      }
    }
  },
};

function isEmptyObject(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
