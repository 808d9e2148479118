import { hasPolicyVariable } from "../../arn.js";
import { operatorInfo } from "../../condition-operators.js";
import type { LintCode } from "../codes.js";
import { VALUE_FORMATS, type ValueType } from "../condition-types.js";
import type { LintCheck } from "../context.js";

/** The code for a value its operator's type cannot read (Access Analyzer's "Type mismatch ..."). */
const CODES: Record<ValueType | "Null", LintCode> = {
  String: "invalid-condition-value",
  ARN: "invalid-condition-value",
  Numeric: "invalid-number-value",
  Date: "invalid-date-value",
  Bool: "invalid-bool-value",
  Binary: "invalid-binary-value",
  IPAddress: "invalid-ip-value",
  Null: "invalid-null-value",
};

/**
 * A literal that cannot be read as the operator's type (`DateGreaterThan "yesterday"`) makes the
 * comparison fail for every request. Values that are a policy variable alone are resolved at
 * request time and are not judged. Null takes only true or false
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null).
 */
export const conditionValues: LintCheck = {
  name: "condition values",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        const type = operatorInfo(clause.base)?.type as ValueType | "Null" | undefined;
        if (!type) continue;
        const accepts = type === "Null" ? (v: string) => v === "true" || v === "false" : VALUE_FORMATS[type];
        const bad = clause.values.filter((v) => !isWholeVariable(v) && !accepts(v));
        if (bad.length === 0) continue;
        ctx.report({
          code: CODES[type],
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: `${clause.operator} expects ${type === "Null" ? "true or false" : `${type} values`}, not ${bad.map((v) => JSON.stringify(v)).join(", ")}`,
        });
      }
    }
  },
};

function isWholeVariable(value: string): boolean {
  return /^\$\{[^}]+\}$/.test(value) && hasPolicyVariable(value);
}
