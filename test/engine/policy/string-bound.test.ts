import assert from "node:assert/strict";
import { test } from "node:test";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { parsePolicy } from "../../../core/engine/policy/parse.js";
import { LONGEST_POLICY_STRING } from "../../../core/engine/policy/string-bound.js";
import { catalog } from "../../helpers/catalog.js";

const documentWith = (statement: Record<string, unknown>) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...statement }],
});
const timed = <T>(run: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
};

test("a Resource, Action or condition value of 200,000 characters is an error on its statement, found at once", () => {
  const huge = "a*".repeat(100_000);
  const cases = [
    { Resource: `arn:aws:s3:::${huge}` },
    { Action: `s3:Get${huge}` },
    { Condition: { StringLike: { "s3:prefix": huge } } },
    { Condition: { StringLike: { [`aws:PrincipalTag/${huge}`]: "x" } } },
  ];
  for (const statement of cases) {
    const { value: problems, ms } = timed(() =>
      lintPolicy(catalog, documentWith(statement), { kind: "identity" }),
    );
    const tooLong = problems.find((p) => p.code === "string-too-long");
    assert.equal(tooLong?.severity, "error", Object.keys(statement)[0]);
    assert.equal(tooLong?.path, "Statement[0]");
    assert.match(tooLong?.message ?? "", /200\d\d\d characters/);
    assert.ok(ms < 5000, `${Object.keys(statement)[0]}: ${Math.round(ms)} ms`);
  }
});

const arnOfLength = (length: number) => `arn:aws:s3:::${"k".repeat(length - "arn:aws:s3:::".length)}`;

test("the statement with the long string is left out; the others are read", () => {
  const { policy, problems } = parsePolicy({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:GetObject", Resource: arnOfLength(LONGEST_POLICY_STRING) },
      { Effect: "Allow", Action: "s3:PutObject", Resource: arnOfLength(LONGEST_POLICY_STRING + 1) },
    ],
  });
  assert.deepEqual(
    problems.map((p) => [p.code, p.statementIndex]),
    [["string-too-long", 1]],
  );
  assert.deepEqual(
    policy?.statements.map((s) => s.actions),
    [["s3:GetObject"]],
  );
});

test("a document of 100,000 statements, over 7 MB, is an error found at once, not read statement by statement", () => {
  const statements = Array.from({ length: 100_000 }, (_, i) => ({
    Effect: "Allow",
    Action: "s3:Get*",
    Resource: `arn:aws:s3:::b${i}/*a*b*`,
  }));
  const document = { Version: "2012-10-17", Statement: statements };
  const { value: problems, ms } = timed(() => lintPolicy(catalog, document, { kind: "identity" }));
  assert.deepEqual(
    problems.filter((p) => p.severity === "error").map((p) => p.code),
    ["document-too-long"],
  );
  assert.ok(ms < 5000, `${Math.round(ms)} ms`);
  assert.equal(parsePolicy(document).policy, undefined);
});
