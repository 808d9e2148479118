import { operatorInfo } from "../../condition-operators.js";
import { ALSO_ACCEPTED, keyValueType, USABLE, type ValueType } from "../condition-types.js";
import type { LintCheck } from "../context.js";

/**
 * The operator family must fit the key's type: NumericEquals on a string key never matches, and a
 * string operator on a numeric key compares text, so "10" and "010" differ. Null tests presence
 * and fits every key.
 */
export const conditionOperatorTypes: LintCheck = {
  name: "condition operator types",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        const operatorType = operatorInfo(clause.base)?.type as ValueType | "Null" | undefined;
        const keyInfo = ctx.catalog.conditionKey(clause.key);
        const keyType = keyInfo && keyValueType(keyInfo.type);
        if (!operatorType || operatorType === "Null" || !keyType || operatorType === keyType) continue;
        if (ALSO_ACCEPTED[keyType]?.includes(operatorType)) continue;
        const usable = USABLE[keyType]?.includes(operatorType) ?? false;
        ctx.report({
          code: usable ? "condition-type-usable" : "condition-type-mismatch",
          statementIndex: statement.index,
          path: `${ctx.statementPath(statement.index)}.Condition.${clause.operator}.${clause.key}`,
          message: usable
            ? `${clause.operator} compares "${keyInfo.key}" (${keyInfo.type}) as text; a ${keyType} operator is more precise`
            : `${clause.operator} is a ${operatorType} operator but "${keyInfo.key}" is ${keyInfo.type}`,
        });
      }
    }
  },
};
