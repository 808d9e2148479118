import assert from "node:assert/strict";
import { test } from "node:test";
import { splitOperator } from "../../../core/engine/policy/condition-operators.js";
import { evaluateClause } from "../../../core/engine/policy/conditions.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import type { ConditionClause } from "../../../core/engine/policy/types.js";

const clause = (operator: string, values: string[]): ConditionClause => {
  const { base, set, ifExists } = splitOperator(operator);
  return { operator, base, ...(set ? { set } : {}), ifExists, key: "aws:PrincipalArn", values };
};
const caller = makeContext({ "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app" });
const decide = (operator: string, ...values: string[]) => evaluateClause(clause(operator, values), caller);

// IAM documents its ARN operators as checking "each of the six colon-delimited components of the
// ARN" separately, and not what it does with a pattern that has fewer: `*` alone, or
// `arn:aws:iam::111122223333*`. Where the components such a pattern has match the ARN's, only the
// missing ones would decide, so the engine takes neither answer.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
test("a pattern of fewer than six components whose components all match is undecided, both ways", () => {
  for (const pattern of ["*", "arn:*", "arn:aws:iam::111122223333*", "arn:aws:iam::*"]) {
    assert.equal(decide("ArnLike", pattern), "maybe", pattern);
    assert.equal(decide("ArnNotLike", pattern), "maybe", pattern);
    assert.equal(decide("ForAnyValue:ArnLike", pattern), "maybe", pattern);
  }
});

test("a pattern of fewer than six components whose components already differ never matches", () => {
  for (const pattern of ["arn:aws:iam::999999999999*", "arn:aws:*:role/app", "arn:aws-cn:*"]) {
    assert.equal(decide("ArnLike", pattern), "no", pattern);
    assert.equal(decide("ArnNotLike", pattern), "yes", pattern);
  }
});

test("a six-component pattern beside a short one still decides a match", () => {
  assert.equal(decide("ArnLike", "*", "arn:aws:iam::111122223333:role/*"), "yes");
  assert.equal(decide("ArnNotLike", "*", "arn:aws:iam::111122223333:role/*"), "no");
  assert.equal(decide("ArnLike", "*", "arn:aws:iam::111122223333:user/*"), "maybe");
});
