import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import type { PolicyKind } from "../../../core/engine/policy/types.js";
import { catalog } from "../../helpers/catalog.js";

const lint = (input: unknown, kind: PolicyKind) => lintPolicy(catalog, input, { kind });

describe("lintPolicy on arbitrary input", () => {
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  const actionLike = fc.oneof(
    fc.constantFrom("s3:Get*", "*", "iam:PassRole", "ec2:*", "x:y", "s3:?et*"),
    fc.string(),
  );
  const resourceLike = fc.oneof(
    fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:iam::*:role/*", "arn:::"),
    fc.string(),
  );
  const statement = fc.record(
    {
      Sid: scalar,
      Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), scalar),
      Action: fc.oneof(actionLike, fc.array(actionLike)),
      NotAction: fc.array(actionLike),
      Resource: fc.oneof(resourceLike, fc.array(resourceLike)),
      Principal: fc.oneof(fc.constant("*"), fc.dictionary(fc.string(), fc.array(fc.string()))),
      Condition: fc.dictionary(
        fc.oneof(
          fc.constantFrom("StringEquals", "Bool", "Null", "NumericLessThan", "ForAnyValue:StringLike"),
          fc.string(),
        ),
        fc.dictionary(
          fc.oneof(fc.constantFrom("aws:SourceIp", "s3:prefix", "kms:EncryptionContext:x"), fc.string()),
          fc.oneof(scalar, fc.array(scalar)),
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const policy = fc.oneof(
    fc.record(
      {
        Version: fc.oneof(fc.constant("2012-10-17"), scalar),
        Statement: fc.oneof(statement, fc.array(statement)),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
    fc.string(),
  );

  test("any input gives a list of problems, never an exception", () => {
    fc.assert(
      fc.property(
        policy,
        fc.constantFrom<PolicyKind>("auto", "identity", "resource", "trust"),
        (input, kind) => {
          const problems = lint(input, kind);
          assert.ok(Array.isArray(problems));
          assert.ok(
            problems.every((p) => p.code !== "check-failed"),
            JSON.stringify(problems),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
