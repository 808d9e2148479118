import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import type { PolicyKind } from "../../../core/engine/policy/types.js";
import { catalog } from "../../helpers/catalog.js";

const lint = (input: unknown, kind: PolicyKind) => lintPolicy(catalog, input, { kind });

describe("lintPolicy on arbitrary input", () => {
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
  /** Strings that reach the parsers' corners: variables, encodings, control characters, huge runs. */
  const hostile = fc.constantFrom(
    "${",
    "${}",
    "${aws:username",
    "${ a }",
    "${a, b}",
    "%7B%22",
    "\u0000\u001b[31m",
    "\u2028",
    "__proto__",
    "constructor",
    "*".repeat(300),
  );
  const actionLike = fc.oneof(
    fc.constantFrom("s3:Get*", "*", "iam:PassRole", "ec2:*", "x:y", "s3:?et*", "s3*:Get", "sts:AssumeRole"),
    hostile,
    fc.string(),
  );
  const resourceLike = fc.oneof(
    fc.constantFrom(
      "*",
      "arn:aws:s3:::b/*",
      "arn:aws:iam::*:role/*",
      "arn:::",
      "arn:aws:ec2::1:instance/${aws:username}",
      "arn:aws:S3:us-east-1:x:y",
    ),
    hostile.map((h) => `arn:aws:s3:::${h}`),
    fc.string(),
  );
  const principalValue = fc.oneof(
    fc.constantFrom(
      "*",
      "111122223333",
      "AROA1234567890EXAMPLE",
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      "rolesanywhere.amazonaws.com",
      "arn:aws:sts::111122223333:assumed-role/a/b",
    ),
    fc.string(),
  );
  const statement = fc.record(
    {
      Sid: scalar,
      Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), scalar),
      Action: fc.oneof(actionLike, fc.array(actionLike)),
      NotAction: fc.array(actionLike),
      Resource: fc.oneof(resourceLike, fc.array(resourceLike)),
      Principal: fc.oneof(
        fc.constant("*"),
        fc.dictionary(
          fc.oneof(fc.constantFrom("AWS", "Service", "Federated", "CanonicalUser"), fc.string()),
          fc.oneof(principalValue, fc.array(principalValue)),
        ),
      ),
      Condition: fc.dictionary(
        fc.oneof(
          fc.constantFrom(
            "StringEquals",
            "Bool",
            "Null",
            "NullIfExists",
            "NumericLessThan",
            "ForAnyValue:StringLike",
            "ForAllValues:StringEquals",
            "IpAddress",
            "NotIpAddress",
            "DateLessThan",
          ),
          fc.string(),
        ),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              "aws:SourceIp",
              "s3:prefix",
              "kms:EncryptionContext:x",
              "aws:TagKeys",
              "aws:RequestTag/",
              "aws:SourceVpce",
              "token.actions.githubusercontent.com:sub",
            ),
            fc.string(),
          ),
          fc.oneof(scalar, fc.array(scalar), hostile, fc.constantFrom("10.0.0.1/8", "fc00::/7", "vpce-1")),
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
        fc.constantFrom<PolicyKind>("auto", "identity", "resource", "trust", "scp"),
        fc.boolean(),
        (input, kind, encode) => {
          // The IAM API returns documents URL-encoded; either form must lint without a crash.
          const text =
            encode && input !== undefined ? encodeURIComponent(JSON.stringify(input) ?? "") : input;
          const problems = lint(text, kind);
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
