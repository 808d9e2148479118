import assert from "node:assert/strict";
import { test } from "node:test";
import { riskClassifier } from "../../../core/engine/audit/risk-classes.js";

test("an action's risk classes are the same whatever its spelling, asked once or again", () => {
  const classify = riskClassifier();
  const passRole = classify("iam:PassRole");
  assert.ok(passRole.includes("privilege-escalation"));
  for (const spelling of ["iam:PassRole", "IAM:passrole", "iam:PASSROLE", "iam:PassRole"])
    assert.deepEqual(classify(spelling), passRole, spelling);
  // A lower-cased first answer must not stand for a later, different action.
  assert.deepEqual(classify("s3:ListAllMyBuckets"), []);
  assert.deepEqual(classify("iam:passrole"), passRole);
});
