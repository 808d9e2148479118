import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { makeContext } from "../../../core/engine/policy/context.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

/**
 * Differential check of the bitset algebra against request-by-request evaluation: for random
 * policies, effective permissions must agree with what the evaluator decides for real requests.
 */
const ACTION_PATTERNS = [
  "s3:GetObject",
  "s3:Get*",
  "s3:*",
  "s3:List*",
  "iam:PassRole",
  "iam:*",
  "*",
  "ec2:RunInstances",
];
const RESOURCE_PATTERNS = [
  "*",
  "arn:aws:s3:::b/*",
  "arn:aws:s3:::b",
  "arn:aws:s3:::*",
  "arn:aws:iam::123456789012:role/*",
  "arn:aws:ec2:*:*:instance/*",
];
const CONDITION = { StringEquals: { "aws:RequestedRegion": "eu-west-1" } };

const REQUESTS: [string, string[]][] = [
  ["s3:GetObject", ["arn:aws:s3:::b/k", "arn:aws:s3:::c/k"]],
  ["s3:ListBucket", ["arn:aws:s3:::b", "arn:aws:s3:::c"]],
  ["s3:ListAllMyBuckets", ["*"]],
  ["iam:PassRole", ["arn:aws:iam::123456789012:role/app"]],
  ["iam:CreateUser", ["arn:aws:iam::123456789012:user/u"]],
  ["ec2:RunInstances", ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"]],
];
const CONTEXTS = [
  makeContext(),
  makeContext({ "aws:RequestedRegion": "eu-west-1" }, true),
  makeContext({ "aws:RequestedRegion": "us-east-1" }, true),
];

const statement = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  not: fc.boolean(),
  actions: fc.uniqueArray(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
  notResource: fc.boolean(),
  resources: fc.uniqueArray(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
  conditional: fc.boolean(),
});

test("effective permission sets agree with request evaluation", () => {
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
      const p = principal([
        input(
          "random",
          doc(
            ...statements.map((s) => ({
              Effect: s.Effect,
              [s.not ? "NotAction" : "Action"]: s.actions,
              [s.notResource ? "NotResource" : "Resource"]: s.resources,
              ...(s.conditional ? { Condition: CONDITION } : {}),
            })),
          ),
        ),
      ]);
      const eff = p.effective();
      for (const [action, resources] of REQUESTS) {
        const id = catalog.action(action)!.id;
        for (const resource of resources) {
          for (const context of CONTEXTS) {
            const { decision } = p.evaluate({ action, resource, context });
            const where = `${action} on ${resource}: ${decision}`;
            if (decision === "Allow" || decision === "Conditional")
              assert.ok(eff.possible.has(id), `possible ∌ ${where}`);
            if (eff.unconditional.has(id)) assert.equal(decision, "Allow", `unconditional but ${where}`);
            if (eff.denied.has(id)) assert.equal(decision, "ExplicitDeny", `denied but ${where}`);
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});
