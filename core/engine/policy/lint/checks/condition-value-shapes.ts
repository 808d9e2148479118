import type { LintCheck } from "../context.js";

/**
 * How the values of one key are written. IAM rejects a list mixing JSON types (`["a", 1]`) and a
 * Bool key given both answers; a `*` or `?` under StringEquals is compared as a literal character,
 * which is rarely what was meant (ArnEquals, unlike it, matches wildcards as ArnLike does)
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
export const conditionValueShapes: LintCheck = {
  name: "condition value shapes",
  check(ctx) {
    for (const statement of ctx.statements) {
      const condition = ctx.rawStatement(statement.index)?.Condition as Record<
        string,
        Record<string, unknown>
      >;
      for (const clause of statement.conditions) {
        const raw = condition?.[clause.operator]?.[clause.key];
        const report = (
          code: "mixed-condition-value-types" | "multiple-bool-values" | "wildcard-without-like",
          message: string,
        ) =>
          ctx.report({
            code,
            statementIndex: statement.index,
            path: ctx.conditionPath(statement, clause),
            message,
          });
        if (Array.isArray(raw) && new Set(raw.map((v) => typeof v)).size > 1) {
          report("mixed-condition-value-types", "the values mix JSON types: write them all as strings");
        }
        if (clause.base === "Bool" && !clause.set && new Set(clause.values).size > 1) {
          report(
            "multiple-bool-values",
            `${clause.key} takes one Bool value, not ${clause.values.join(" and ")}`,
          );
        }
        const literalWildcard = clause.values.find((v) => /[*?]/.test(v.replace(/\$\{[^}]*\}/g, "")));
        if (/^String(Not)?Equals/.test(clause.base) && literalWildcard) {
          const like = clause.base.replace("Equals", "Like");
          report(
            "wildcard-without-like",
            `"${literalWildcard}" is compared literally under ${clause.base}; use ${like} for a wildcard`,
          );
        }
      }
    }
  },
};
