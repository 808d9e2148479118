import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { splitOperator } from "../../../core/engine/policy/condition-operators.js";
import { evaluateClause } from "../../../core/engine/policy/conditions.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import type { ConditionClause } from "../../../core/engine/policy/types.js";

const clause = (operator: string, key: string, values: string[]): ConditionClause => {
  const { base, set, ifExists } = splitOperator(operator);
  return { operator, base, ...(set ? { set } : {}), ifExists, key, values };
};

describe("Null", () => {
  // "You can prevent missing context keys or context keys with empty values from evaluating to
  // true by including a Null condition operator in your policy with a value of false":
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
  test("a multivalued key present with no values is null, as a missing one is", () => {
    const empty = makeContext({ "aws:TagKeys": [] });
    assert.equal(evaluateClause(clause("Null", "aws:TagKeys", ["false"]), empty), "no");
    assert.equal(evaluateClause(clause("Null", "aws:TagKeys", ["true"]), empty), "yes");
    const some = makeContext({ "aws:TagKeys": ["team"] });
    assert.equal(evaluateClause(clause("Null", "aws:TagKeys", ["false"]), some), "yes");
    assert.equal(evaluateClause(clause("Null", "aws:TagKeys", ["true"]), some), "no");
  });
});
