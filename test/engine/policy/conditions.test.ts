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

describe("set operators", () => {
  // ForAllValues "also returns true if there are no keys in the request, or if the key values
  // resolve to a null data set, such as an empty string"; ForAnyValue returns false "for no matching
  // key or a null dataset":
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  test("a key whose one value is an empty string is a null data set, as a missing key is", () => {
    const empty = makeContext({ "aws:PrincipalTag/team": "" });
    const ask = (operator: string) =>
      evaluateClause(clause(operator, "aws:PrincipalTag/team", ["data"]), empty);
    assert.equal(ask("ForAllValues:StringEquals"), "yes");
    assert.equal(ask("ForAllValues:StringNotEquals"), "yes");
    assert.equal(ask("ForAnyValue:StringNotEquals"), "no");
    assert.equal(ask("ForAnyValue:StringLike"), "no");
    assert.equal(
      evaluateClause(clause("ForAnyValue:StringLike", "aws:PrincipalTag/team", ["*"]), empty),
      "no",
    );
    // Without a set operator the empty string is compared as any value is.
    assert.equal(ask("StringNotEquals"), "yes");
    assert.equal(ask("StringEquals"), "no");
  });
});
