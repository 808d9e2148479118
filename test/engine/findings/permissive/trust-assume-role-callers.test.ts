import assert from "node:assert/strict";
import { test } from "node:test";
import { anyAws, trustFindings } from "../../../helpers/trust-fixture.js";
import { trustDoc } from "./fixture.js";

/**
 * Only an IAM user or a role session calls sts:AssumeRole: "You cannot use AWS account root user
 * credentials to call AssumeRole. You must use credentials for an IAM user or an IAM role"
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). The caller's
 * aws:PrincipalArn is then a user's or a role's, and its aws:PrincipalType `User` or `AssumedRole`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype).
 */
const kinds = (trustPolicy: unknown) => trustFindings(trustPolicy).map((f) => f.kind);

test("a trust open only to the root user of any account lets no one in", () => {
  assert.deepEqual(kinds(anyAws({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } })), []);
  assert.deepEqual(kinds(anyAws({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:user/*" } })), [
    "trust-any-principal",
  ]);
});

test("a trust open only to principals of type Account lets no one in; User or AssumedRole lets anyone", () => {
  assert.deepEqual(kinds(anyAws({ StringEquals: { "aws:PrincipalType": "Account" } })), []);
  assert.deepEqual(kinds(anyAws({ StringEquals: { "aws:PrincipalType": "User" } })), ["trust-any-principal"]);
  assert.deepEqual(kinds(anyAws({ StringEquals: { "aws:PrincipalType": "AssumedRole" } })), [
    "trust-any-principal",
  ]);
});

test("another account trusted only through its root user is not trusted", () => {
  const root = "arn:aws:iam::999988887777:root";
  assert.deepEqual(kinds(trustDoc({ AWS: root }, { ArnEquals: { "aws:PrincipalArn": root } })), []);
  assert.deepEqual(kinds(trustDoc({ AWS: root })), ["trust-cross-account-no-external-id"]);
});
