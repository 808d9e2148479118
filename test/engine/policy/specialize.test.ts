import assert from "node:assert/strict";
import { test } from "node:test";
import { makeContext } from "../../../core/engine/policy/context.js";
import { specializePolicies } from "../../../core/engine/policy/specialize.js";
import { doc, input } from "../../helpers/policies.js";

const MFA = "aws:multifactorauthpresent";
/** A request known to lack aws:MultiFactorAuthPresent, made by user ops. */
const noMfa = { ...makeContext({ "aws:username": "ops" }), absent: (key: string) => key === MFA };

const statementsOf = (...statements: object[]) => {
  const out = specializePolicies({ identity: [input("own", doc(...statements))] }, noMfa);
  return out?.identity[0]?.policy.statements.map((s) => ({
    effect: s.effect,
    conditions: s.conditions.length,
  }));
};

test("a clause the context makes false leaves its statement out", () => {
  const deny = { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { [MFA]: "false" } } };
  assert.deepEqual(statementsOf({ Effect: "Allow", Action: "*", Resource: "*" }, deny), [
    { effect: "Allow", conditions: 0 },
  ]);
});

test("a clause the context makes true is dropped, and the clauses it cannot decide stay", () => {
  const deny = {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { BoolIfExists: { [MFA]: "false" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  };
  assert.deepEqual(statementsOf(deny), [{ effect: "Deny", conditions: 1 }]);
  const own = {
    Effect: "Allow",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:username": "ops" } },
  };
  assert.deepEqual(statementsOf(own), [{ effect: "Allow", conditions: 0 }]);
});

test("policies whose conditions the context decides nowhere are the same", () => {
  const unknown = {
    Effect: "Allow",
    Action: "*",
    Resource: "*",
    Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  };
  assert.equal(statementsOf(unknown, { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), undefined);
});
