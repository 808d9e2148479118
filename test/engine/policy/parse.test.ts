import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { PolicyParseError } from "../../../core/engine/policy/errors.js";
import { parsePolicy, parsePolicyOrThrow } from "../../../core/engine/policy/parse.js";

const codes = (input: unknown, kind?: "identity" | "trust" | "resource") =>
  parsePolicy(input, kind ? { kind } : {}).problems.map((p) => p.code);

describe("input forms", () => {
  const document = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  };

  test("an object, a JSON string and a URL-encoded JSON string give the same policy", () => {
    const forms = [document, JSON.stringify(document, null, 2), encodeURIComponent(JSON.stringify(document))];
    const statements = forms.map((f) => parsePolicy(f).policy?.statements);
    assert.deepEqual(statements[1], statements[0]);
    assert.deepEqual(statements[2], statements[0]);
    assert.equal(statements[0]?.[0]?.actions[0], "s3:GetObject");
  });

  test("a single Statement object and scalar elements are normalized to lists", () => {
    const { policy, problems } = parsePolicy({
      Version: "2012-10-17",
      Statement: { Sid: "One", Effect: "Deny", NotAction: "iam:*", NotResource: "arn:aws:s3:::b" },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(policy?.statements[0], {
      index: 0,
      sid: "One",
      effect: "Deny",
      actions: ["iam:*"],
      notAction: true,
      resources: ["arn:aws:s3:::b"],
      notResource: true,
      notPrincipal: false,
      conditions: [],
    });
  });

  test("size counts characters without whitespace, as IAM's quotas do", () => {
    assert.equal(
      parsePolicy(JSON.stringify(document, null, 4)).policy?.size,
      JSON.stringify(document).length,
    );
  });
});

describe("principals and conditions", () => {
  test("Principal in all its forms", () => {
    const trust = (Principal: unknown) =>
      parsePolicy(
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal }] },
        { kind: "trust" },
      ).policy?.statements[0]?.principal;
    assert.deepEqual(trust("*"), { any: true, values: {} });
    assert.deepEqual(trust({ AWS: "arn:aws:iam::111122223333:root" }), {
      any: false,
      values: { AWS: ["arn:aws:iam::111122223333:root"] },
    });
    assert.deepEqual(
      trust({
        Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"],
        Federated: "cognito-identity.amazonaws.com",
      }),
      {
        any: false,
        values: {
          Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"],
          Federated: ["cognito-identity.amazonaws.com"],
        },
      },
    );
  });

  test("condition operators with set qualifiers, IfExists and non-string values", () => {
    const { policy, problems } = parsePolicy({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2:*",
          Resource: "*",
          Condition: {
            "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": ["team*", "env"] },
            Bool: { "aws:SecureTransport": true },
            NumericLessThan: { "aws:MultiFactorAuthAge": 3600 },
          },
        },
      ],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(policy?.statements[0]?.conditions, [
      {
        operator: "ForAnyValue:StringLikeIfExists",
        base: "StringLike",
        set: "ForAnyValue",
        ifExists: true,
        key: "aws:TagKeys",
        values: ["team*", "env"],
      },
      { operator: "Bool", base: "Bool", ifExists: false, key: "aws:SecureTransport", values: ["true"] },
      {
        operator: "NumericLessThan",
        base: "NumericLessThan",
        ifExists: false,
        key: "aws:MultiFactorAuthAge",
        values: ["3600"],
      },
    ]);
  });
});

describe("grammar errors", () => {
  const statement = (s: object) => ({ Version: "2012-10-17", Statement: [s] });

  test("are reported with a code, the statement index and a path", () => {
    const { problems } = parsePolicy({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Action: "s3:*", Resource: "*" },
      ],
    });
    assert.deepEqual(problems, [
      {
        code: "missing-effect",
        severity: "error",
        statementIndex: 1,
        path: "Statement[1].Effect",
        message: "the statement has no Effect",
      },
    ]);
  });

  test("a Statement that is null, text or a number is one error on Statement itself, not on a first statement", () => {
    for (const value of [null, "Allow", 5, true]) {
      const { problems } = parsePolicy({ Version: "2012-10-17", Statement: value });
      assert.deepEqual(
        problems.map((p) => [p.code, p.path, p.statementIndex]),
        [["invalid-statement", "Statement", undefined]],
        JSON.stringify(value),
      );
      assert.match(problems[0]?.message ?? "", new RegExp(`not ${JSON.stringify(value)}`));
    }
  });

  test("a key written twice in one object of a document given as text is a warning at its path; braces and commas in strings are text", () => {
    const text =
      '{"Version":"2012-10-17","Statement":[{"Sid":"a{,}[\\"","Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"},' +
      '{"Effect":"Deny","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"},"Bool":{}}}]}';
    for (const input of [text, encodeURIComponent(text)]) {
      const { policy, problems } = parsePolicy(input);
      assert.deepEqual(
        problems.map((p) => [p.code, p.severity, p.path, p.statementIndex]),
        [
          ["duplicate-key", "warning", "Statement[1].Effect", 1],
          ["duplicate-key", "warning", "Statement[1].Condition.Bool", 1],
        ],
      );
      assert.match(problems[0]?.message ?? "", /which one IAM enforces is not documented/);
      assert.equal(policy?.statements[1]?.effect, "Allow");
    }
    // Parsed already, the first key is gone: nothing left to see.
    assert.deepEqual(codes(JSON.parse(text)), []);
  });

  test("cover every element IAM would reject", () => {
    assert.deepEqual(codes("not json"), ["malformed-json"]);
    assert.deepEqual(codes("[1,2]"), ["not-an-object"]);
    assert.deepEqual(codes({ Version: "2012-10-17" }), ["missing-statement"]);
    assert.deepEqual(
      codes({ Version: "2020-01-01", Statement: { Effect: "Allow", Action: "*", Resource: "*" } }),
      ["invalid-version"],
    );
    assert.deepEqual(
      codes(statement({ Effect: "Allow", Action: "s3:*", NotAction: "s3:Get*", Resource: "*" })),
      ["both-action-and-notaction"],
    );
    assert.deepEqual(codes(statement({ Effect: "Allow", Resource: "*" })), ["missing-action"]);
    assert.deepEqual(codes(statement({ Effect: "allow", Action: "s3:*", Resource: "*" })), [
      "invalid-effect",
    ]);
    assert.deepEqual(codes(statement({ Effect: "Allow", Action: "s3:*" })), ["missing-resource"]);
    assert.deepEqual(codes(statement({ Effect: "Allow", Action: "s3", Resource: "*" })), ["invalid-action"]);
    assert.deepEqual(codes(statement({ Effect: "Allow", Action: "s3:*", Resource: "s3" })), [
      "invalid-resource",
    ]);
    assert.deepEqual(
      codes(statement({ Effect: "Allow", Action: "s3:*", Resource: [{ "Fn::Sub": "arn" }] })),
      ["invalid-type"],
    );
    assert.deepEqual(codes(statement({ Effect: "Allow", Action: "s3:*", Resource: "*", Extra: 1 })), [
      "unknown-element",
    ]);
    assert.deepEqual(
      codes(
        statement({
          Effect: "Allow",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEqualz: { a: "b" } },
        }),
      ),
      ["unknown-condition-operator"],
    );
    assert.deepEqual(
      codes(statement({ Effect: "Allow", Action: "s3:*", Resource: "*", Principal: "*" }), "identity"),
      ["principal-in-identity-policy"],
    );
    assert.deepEqual(codes(statement({ Effect: "Allow", Action: "sts:AssumeRole" }), "trust"), [
      "missing-principal",
    ]);
  });

  test("a missing Version is a warning, not an error", () => {
    const { problems, policy } = parsePolicy({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } });
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [["missing-version", "warning"]],
    );
    assert.equal(policy?.statements.length, 1);
  });

  test("parsePolicyOrThrow names the source and the first error's place", () => {
    assert.throws(
      () =>
        parsePolicyOrThrow(
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}',
          "inline/app",
        ),
      (error: unknown) =>
        error instanceof PolicyParseError &&
        error.message === "inline/app: the statement has no Action or NotAction at Statement[0]",
    );
  });
});

test("any input gives a parse result, never an exception", () => {
  const jsonish = fc.oneof(
    fc.string(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.jsonValue(),
    fc.record({ Version: fc.constantFrom("2012-10-17", 7), Statement: fc.jsonValue() }),
    fc.string().map((s) => `%7B${encodeURIComponent(s)}`),
  );
  fc.assert(
    fc.property(jsonish, (value) => {
      const result = parsePolicy(value);
      assert.ok(Array.isArray(result.problems));
    }),
    { numRuns: 2000 },
  );
});
