import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { accountAdmin } from "../../../helpers/trust-fixture.js";
import { findingsOf, run } from "./fixture.js";

// Each call of an escalation path is one the attacker sends itself, straight to the service: it has
// aws:ViaAWSService false and no aws:CalledVia, aws:SourceAccount or aws:SourceArn, so a grant kept
// to such calls lets it take every step.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-viaawsservice
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
function escalationOf(statement: object, extra: { roles?: ReturnType<typeof accountAdmin>[] } = {}) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(statement) }] });
  const findings = run(snapshotWith({ users: [dev], roles: extra.roles ?? [] }));
  return findingsOf(findings, "privilege-escalation", dev.arn)[0];
}

const putOwnPolicy = (condition: object) => ({
  Effect: "Allow",
  Action: "iam:PutUserPolicy",
  Resource: `arn:aws:iam::${ACCOUNT}:user/dev`,
  Condition: condition,
});

for (const [name, condition] of [
  ["not through a service", { Bool: { "aws:ViaAWSService": "false" } }],
  ["without aws:SourceArn", { Null: { "aws:SourceArn": "true" } }],
] as const) {
  test(`a path allowed only ${name} is a certain privilege escalation`, () => {
    const found = escalationOf(putOwnPolicy(condition));
    assert.equal(found?.severity, "high", JSON.stringify(found));
    assert.equal(found?.evidence.certainByDirectCall, true);
    assert.match(found?.detail ?? "", /straight to the service/);
  });
}

test("a role assumed only by a call not made through a service is a certain escalation", () => {
  const found = escalationOf(
    {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: `arn:aws:iam::${ACCOUNT}:role/ops`,
      Condition: { Null: { "aws:SourceAccount": "true" } },
    },
    { roles: [accountAdmin("ops")] },
  );
  assert.equal(found?.severity, "high", JSON.stringify(found));
  assert.equal(found?.evidence.certainByDirectCall, true);
});

test("a path allowed only through a service stays conditional", () => {
  const found = escalationOf(putOwnPolicy({ Bool: { "aws:ViaAWSService": "true" } }));
  assert.equal(found?.severity, "medium", JSON.stringify(found));
  assert.equal(found?.evidence.certainByDirectCall, undefined);
});
