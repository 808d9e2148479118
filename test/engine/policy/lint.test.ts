import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lintPolicy, SIZE_LIMITS } from "../../../core/engine/policy/lint/index.js";
import type { PolicyKind } from "../../../core/engine/policy/types.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";

const lint = (document: unknown, kind?: PolicyKind, maxSize?: number) =>
  lintPolicy(catalog, document, { ...(kind ? { kind } : {}), ...(maxSize ? { maxSize } : {}) });
const codes = (document: unknown, kind?: PolicyKind) => lint(document, kind).map((p) => p.code);
const allow = (Action: unknown, Resource: unknown, extra: object = {}) =>
  doc({ Effect: "Allow", Action, Resource, ...extra });

describe("lintPolicy", () => {
  test("a tight policy has no problems", () => {
    assert.deepEqual(lint(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::reports/*")), []);
  });

  test("grammar problems come from the parser with their paths", () => {
    const problems = lint(
      doc({ Effect: "Allow", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" }),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.statementIndex]),
      [["both-action-and-notaction", "error", 0]],
    );
  });

  test("an unknown service is told apart from an unknown action of a known service", () => {
    const problems = lint(allow(["s3:GetObjekt", "s4:GetObject", "s3:Nope*"], "*"));
    assert.deepEqual(
      problems.map((p) => [p.code, p.path]),
      [
        ["unknown-action", "Statement[0].Action[0]"],
        ["unknown-service", "Statement[0].Action[1]"],
        ["unknown-action", "Statement[0].Action[2]"],
      ],
    );
  });

  test("iam:PassRole on every role is a security problem, on named roles it is not", () => {
    assert.ok(codes(allow("iam:PassRole", "*")).includes("pass-role-wildcard"));
    assert.ok(codes(allow("iam:*", "arn:aws:iam::123456789012:role/*")).includes("pass-role-wildcard"));
    assert.deepEqual(codes(allow("iam:PassRole", "arn:aws:iam::123456789012:role/app-runner")), []);
    const pass = lint(allow("iam:PassRole", "*")).find((p) => p.code === "pass-role-wildcard");
    assert.equal(pass?.severity, "security");
  });

  test("an action covered by another entry is a redundant suggestion; the first of two equal entries stays", () => {
    const problems = lint(allow(["s3:GetObject", "s3:Get*", "S3:GET*"], "arn:aws:s3:::b/*"));
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity, p.path]),
      [
        ["redundant-action", "suggestion", "Statement[0].Action[0]"],
        ["redundant-action", "suggestion", "Statement[0].Action[2]"],
      ],
    );
  });

  test("a resource covered by another entry is redundant; ARNs compare case-sensitively", () => {
    const problems = lint(
      allow("s3:GetObject", ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x", "arn:aws:s3:::B/x"]),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.path]),
      [["redundant-resource", "Statement[0].Resource[1]"]],
    );
  });

  test("of two resources that cover each other, only the later is redundant", () => {
    const problems = lint(
      allow("s3:GetObject", ["arn:aws:s3:::b/**", "arn:aws:s3:::b/x", "arn:aws:s3:::b/*"]),
    );
    assert.deepEqual(
      problems.filter((p) => p.code === "redundant-resource").map((p) => p.path),
      ["Statement[0].Resource[1]", "Statement[0].Resource[2]"],
    );
  });

  test("NotPrincipal with Allow is a security problem; with Deny it is the documented idiom", () => {
    const notPrincipal = (Effect: string) =>
      doc({
        Effect,
        NotPrincipal: { AWS: ["arn:aws:iam::444455556666:user/Bob"] },
        Action: "s3:*",
        Resource: ["arn:aws:s3:::BUCKETNAME", "arn:aws:s3:::BUCKETNAME/*"],
      });
    const problems = lint(notPrincipal("Allow"));
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [["not-principal-allow", "security"]],
    );
    assert.deepEqual(codes(notPrincipal("Deny")), []);
  });

  test("an action that supports only Resource * cannot be granted on ARNs", () => {
    const problems = lint(allow(["s3:ListAllMyBuckets", "s3:GetObject"], "arn:aws:s3:::b/*"));
    assert.deepEqual(
      problems.map((p) => [p.code, p.path]),
      [["wildcard-only-action-with-resource", "Statement[0].Action[0]"]],
    );
  });

  test("an action whose resource type no entry names is reported, a pattern reaching some actions is not", () => {
    assert.deepEqual(codes(allow(["s3:ListBucket", "s3:GetObject"], "arn:aws:s3:::b/*")), [
      "action-resource-mismatch",
    ]);
    assert.deepEqual(codes(allow("s3:*", "arn:aws:s3:::b")), []);
  });

  test("a resource that none of the actions act on is a mismatch; one no resource type has is an invalid ARN", () => {
    const problems = lint(
      allow("s3:GetObject", ["arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:us-east-1::b/x"]),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.path]),
      [
        ["invalid-arn-resource", "Statement[0].Resource[2]"],
        ["resource-mismatch", "Statement[0].Resource[1]"],
      ],
    );
  });

  test("malformed ARN segments are invalid ARNs; wildcards and variables are accepted", () => {
    const problems = lint(
      allow("ec2:TerminateInstances", [
        "arn:aws:ec2:us-east-1f:123456789012:instance/*",
        "arn:aws:ec2:us-east-1:12345:instance/*",
        "arn:aws:ec2:*:${aws:PrincipalAccount}:instance/*",
        "arn:aws:ec2:eu-*:123456789012:instance/*",
      ]),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.path]),
      [
        ["invalid-arn-region", "Statement[0].Resource[0]"],
        ["invalid-arn-account", "Statement[0].Resource[1]"],
      ],
    );
  });

  test("the regions of every partition are regions, the isolated ones and the European Sovereign Cloud's included", () => {
    const regions = [
      ["aws-cn", "cn-north-1"],
      ["aws-us-gov", "us-gov-west-1"],
      ["aws-iso-b", "us-isob-east-1"],
      ["aws-iso-e", "eu-isoe-west-1"],
      ["aws-iso-f", "us-isof-south-1"],
      ["aws-eusc", "eusc-de-east-1"],
    ];
    for (const [partition, region] of regions) {
      const arn = `arn:${partition}:ec2:${region}:123456789012:instance/*`;
      const when = { StringEquals: { "aws:RequestedRegion": region } };
      assert.deepEqual(codes(allow("ec2:TerminateInstances", arn, { Condition: when })), [], region);
    }
  });

  test("size counts characters without whitespace against the quota for the kind (a warning, as Access Analyzer's)", () => {
    const names = Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`);
    const big = allow("s3:GetObject", names);
    assert.ok(JSON.stringify(big).length > SIZE_LIMITS.managed);
    assert.deepEqual(
      lint(big).map((p) => [p.code, p.severity]),
      [["policy-too-large", "warning"]],
    );
    assert.deepEqual(lint(big, undefined, SIZE_LIMITS["role-inline"]), []);
    const small = allow("s3:GetObject", names.slice(0, 60));
    assert.deepEqual(
      lint(small, undefined, SIZE_LIMITS["user-inline"]).map((p) => p.code),
      ["policy-too-large"],
    );
  });

  test("Sids must be alphanumeric and unique: errors in identity policies, warnings in resource policies", () => {
    const statement = (Sid: unknown, Action = "s3:ListAllMyBuckets") => ({
      Sid,
      Effect: "Allow",
      Action,
      Resource: "*",
    });
    const statements = [
      statement("Read All"),
      statement("A", "ec2:DescribeRegions"),
      statement("A", "sts:GetCallerIdentity"),
      statement(7, "ec2:DescribeInstances"),
    ];
    assert.deepEqual(
      lint(doc(...statements)).map((p) => [p.code, p.severity, p.statementIndex]),
      [
        ["invalid-sid", "error", 0],
        ["duplicate-sid", "error", 2],
        ["invalid-sid", "error", 3],
      ],
    );
    const bucketPolicy = doc({
      Sid: "public read",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
    });
    assert.deepEqual(
      lint(bucketPolicy).map((p) => [p.code, p.severity]),
      [["sid-not-alphanumeric", "warning"]],
    );
  });

  test("an unknown condition operator is a grammar error", () => {
    const problems = lint(
      allow("s3:ListBucket", "arn:aws:s3:::b", { Condition: { StringEqualz: { "s3:prefix": "a" } } }),
    );
    assert.deepEqual(
      problems.map((p) => [p.code, p.severity]),
      [["unknown-condition-operator", "error"]],
    );
  });

  test("a service condition key must apply to one of the statement's actions; aws: keys always do", () => {
    const withCondition = (Action: string, key: string) =>
      allow(Action, "arn:aws:s3:::b", { Condition: { StringEquals: { [key]: "x" } } });
    assert.deepEqual(codes(withCondition("s3:ListBucket", "s3:prefix")), []);
    assert.deepEqual(codes(withCondition("s3:ListBucket", "aws:PrincipalOrgID")), []);
    assert.deepEqual(codes(withCondition("s3:ListBucket", "s3:x-amz-acl")), ["condition-key-not-applicable"]);
    assert.deepEqual(codes(withCondition("s3:ListBucket", "s3:nosuchkey")), ["unknown-condition-key"]);
    assert.deepEqual(codes(withCondition("s3:ListBucket", "s3:BucketTag/team")), []);
  });

  test("templated keys whose template follows a colon are known", () => {
    const grant = allow("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/k", {
      Condition: { StringEquals: { "kms:EncryptionContext:purpose": "backup" } },
    });
    assert.deepEqual(codes(grant), []);
  });

  test("operator and key types: mismatches warn, a string operator on an ARN or date is usable", () => {
    const withCondition = (Condition: object) =>
      allow("ec2:TerminateInstances", "arn:aws:ec2:*:*:instance/*", { Condition });
    assert.deepEqual(codes(withCondition({ NumericEquals: { "ec2:InstanceType": "3" } })), [
      "condition-type-mismatch",
    ]);
    assert.deepEqual(
      codes(withCondition({ StringLike: { "ec2:InstanceProfile": "arn:aws:iam::*:instance-profile/x" } })),
      ["condition-type-usable"],
    );
    assert.deepEqual(codes(withCondition({ StringLike: { "aws:CurrentTime": "2030-*" } })), [
      "condition-type-usable",
    ]);
    assert.deepEqual(codes(withCondition({ NumericLessThan: { "aws:EpochTime": "1900000000" } })), []);
    assert.deepEqual(codes(withCondition({ Null: { "ec2:InstanceType": "false" } })), []);
  });

  test("literal values must fit the operator; a bare policy variable is resolved later", () => {
    const withCondition = (Condition: object) => allow("s3:ListBucket", "arn:aws:s3:::b", { Condition });
    assert.deepEqual(codes(withCondition({ DateGreaterThan: { "aws:CurrentTime": "yesterday" } })), [
      "invalid-date-value",
    ]);
    assert.deepEqual(
      codes(withCondition({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } })),
      [],
    );
    assert.deepEqual(codes(withCondition({ IpAddress: { "aws:SourceIp": "10.0.0.0/33" } })), [
      "invalid-ip-value",
    ]);
    assert.deepEqual(
      codes(withCondition({ StringEquals: { "aws:PrincipalAccount": "${aws:PrincipalAccount}" } })),
      [],
    );
    // Access Analyzer: policy variables work only with String and ARN operators.
    assert.deepEqual(codes(withCondition({ Bool: { "aws:SecureTransport": "${aws:SecureTransport}" } })), [
      "variable-for-operator",
    ]);
    assert.deepEqual(codes(withCondition({ Null: { "s3:prefix": "yes" } })), ["invalid-null-value"]);
  });

  test("Bool aws:MultiFactorAuthPresent false is a bad MFA pattern; BoolIfExists in a Deny is the fix", () => {
    const mfa = (Effect: string, operator: string) =>
      doc({
        Effect,
        Action: "iam:ListUsers",
        Resource: "*",
        Condition: { [operator]: { "aws:MultiFactorAuthPresent": "false" } },
      });
    assert.deepEqual(codes(mfa("Allow", "Bool")), ["bad-mfa-condition"]);
    assert.deepEqual(codes(mfa("Deny", "Bool")), ["bad-mfa-condition"]);
    assert.deepEqual(codes(mfa("Deny", "BoolIfExists")), []);
  });

  test("Allow * on actions that support ARNs warns; wildcard-only actions, Deny and Action * do not", () => {
    assert.deepEqual(codes(allow("s3:GetObject", "*")), ["resource-star"]);
    assert.deepEqual(codes(allow("guardduty:ListDetectors", "*")), []);
    assert.deepEqual(codes(doc({ Effect: "Deny", Action: "s3:GetObject", Resource: "*" })), []);
    // Access Analyzer still names the two role actions "*" reaches on every role.
    assert.deepEqual(codes(allow("*", "*")), ["pass-role-wildcard", "create-slr-wildcard"]);
  });

  test("Version 2008-10-17 warns that policy variables are literal", () => {
    const old = {
      Version: "2008-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
    };
    assert.deepEqual(codes(old), ["old-version"]);
  });

  test("URL-encoded documents are linted like JSON", () => {
    const document = allow("s3:GetObject", "*");
    assert.deepEqual(lint(encodeURIComponent(JSON.stringify(document))), lint(document));
  });

  test("problems are ordered: document level first, then by statement", () => {
    const problems = lint({
      Statement: [
        { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
        { Effect: "Allow", Action: "s3:Nope", Resource: "*" },
      ],
    });
    const order = problems.map((p) => p.statementIndex ?? -1);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    assert.equal(problems[0]?.code, "missing-version");
  });
});
