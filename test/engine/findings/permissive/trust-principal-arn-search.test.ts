import assert from "node:assert/strict";
import { test } from "node:test";
import { allowThenDeny, anyAws, trustFindings } from "../../../helpers/trust-fixture.js";

const outsider = (trustPolicy: unknown) =>
  trustFindings(trustPolicy).find((f) => f.kind === "trust-any-principal")?.severity ?? "closed";

// A role path may be up to 512 characters (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html):
// any account may create a role named ci under this one, but the search for such an ARN, as long
// as the path, stops at its bound before reaching one.
const LONG = `*:role/${"p".repeat(490)}/ci`;

test("a trust's aws:PrincipalArn pattern an outsider's ARN is searched for too long leaves the role conditionally open", () => {
  assert.equal(outsider(anyAws({ StringLike: { "aws:PrincipalArn": LONG } })), "high");
  // A Deny the caller escapes by presenting such an ARN is not certain either.
  assert.equal(outsider(allowThenDeny({ StringNotLike: { "aws:PrincipalArn": LONG } })), "high");
  // Within the bound the ARN is found: open to any account.
  const found = `*:role/${"p".repeat(400)}/ci`;
  assert.equal(outsider(anyAws({ StringLike: { "aws:PrincipalArn": found } })), "critical");
});

test("a trust's aws:PrincipalArn pattern with a wildcard character in the name is open to any account naming a role to fit", () => {
  // Any account may create a role ci-1: a role's name is letters, digits and +=,.@_-.
  assert.equal(outsider(anyAws({ StringLike: { "aws:PrincipalArn": "*:role/ci-?" } })), "critical");
  assert.equal(outsider(anyAws({ StringLike: { "aws:PrincipalArn": "*:role/ops/ci-??" } })), "critical");
});
