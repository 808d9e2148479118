import type { LintCheck } from "../context.js";

/**
 * ForAllValues / ForAnyValue compare a multivalued key (`aws:TagKeys`, an `ArrayOf...` type in the
 * catalog) value by value; without one, a multivalued key never equals a single value. On a
 * single-valued key ForAllValues also holds when the key is absent, so an Allow with it grants
 * more than it reads
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
export const setQualifiers: LintCheck = {
  name: "set qualifiers",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        const info = ctx.catalog.conditionKey(clause.key);
        if (!info || clause.base === "Null") continue;
        const multivalued = info.type.startsWith("ArrayOf");
        const path = ctx.conditionPath(statement, clause);
        if (multivalued && !clause.set) {
          ctx.report({
            code: "missing-set-qualifier",
            statementIndex: statement.index,
            path,
            message: `"${info.key}" has several values: use ForAllValues: or ForAnyValue: with ${clause.operator}`,
          });
        } else if (!multivalued && clause.set === "ForAllValues") {
          ctx.report({
            code: "for-all-values-single-key",
            statementIndex: statement.index,
            path,
            message: `ForAllValues on the single-valued "${info.key}" also holds when the key is absent: drop ForAllValues:`,
          });
        }
      }
    }
  },
};
