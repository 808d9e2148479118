import assert from "node:assert/strict";
import { test } from "node:test";
import { makeContext, type RequestContext } from "../../../core/engine/policy/context.js";
import { matchResource } from "../../../core/engine/policy/resource-match.js";

const ROLE = "arn:aws:iam::111122223333:role/victim";
const withAbsent = (...keys: string[]): RequestContext => ({
  ...makeContext(),
  absent: (k) => keys.includes(k),
});

// A policy variable whose key is not in the request context matches nothing; its default, when
// it has one, stands in for it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-default-values
test("a Resource variable whose key is known absent matches nothing; an unknown one may match", () => {
  const pattern = "arn:aws:iam::111122223333:role/${aws:username}";
  assert.equal(matchResource(pattern, ROLE, withAbsent("aws:username")), "no");
  assert.equal(matchResource(pattern, ROLE, makeContext()), "maybe");
  assert.equal(matchResource(pattern, ROLE, makeContext({}, true)), "no");
});

test("a Resource variable whose key is known absent takes its default", () => {
  const absent = withAbsent("aws:username");
  assert.equal(
    matchResource("arn:aws:iam::111122223333:role/${aws:username, 'victim'}", ROLE, absent),
    "yes",
  );
  assert.equal(matchResource("arn:aws:iam::111122223333:role/${aws:username, 'other'}", ROLE, absent), "no");
  // Another variable, unknown, still leaves the match undecided.
  assert.equal(
    matchResource("arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}${aws:username, ''}", ROLE, absent),
    "maybe",
  );
});
