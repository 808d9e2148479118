import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudFormationSnippet, policyNames, terraformSnippet } from "../../../core/engine/generate/iac.js";
import { compressActions } from "../../../core/engine/generate/statements.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { expandActionPattern } from "../../../core/engine/policy/expand.js";
import { catalog } from "../../helpers/catalog.js";

const document: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "S3Allow1",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::home/${aws:username}/*"],
    },
  ],
};

test("Terraform: a policy and its attachment, with policy variables escaped from interpolation", () => {
  const tf = terraformSnippet("role", "app-role", [{ name: "whittle-app-role", document }]);
  assert.match(tf, /resource "aws_iam_policy" "whittle_app_role" \{/);
  assert.match(tf, /resource "aws_iam_role_policy_attachment" "whittle_app_role" \{/);
  assert.match(tf, /role {7}= "app-role"/);
  assert.match(tf, /policy_arn = aws_iam_policy\.whittle_app_role\.arn/);
  assert.ok(tf.includes("home/$${aws:username}/*"), "`${` must be written `$${` in Terraform");
  assert.equal(tf.includes("home/${aws:username}"), false);
});

test("Terraform attaches to users and groups with their own resource types", () => {
  assert.match(
    terraformSnippet("user", "alice", [{ name: "whittle-alice", document }]),
    /aws_iam_user_policy_attachment[\s\S]*user {7}= "alice"/,
  );
  assert.match(
    terraformSnippet("group", "devs", [{ name: "whittle-devs", document }]),
    /aws_iam_group_policy_attachment[\s\S]*group {6}= "devs"/,
  );
});

test("CloudFormation: an AWS::IAM::ManagedPolicy attached to the principal, with an alphanumeric logical id", () => {
  const cfn = JSON.parse(cloudFormationSnippet("role", "app-role", [{ name: "whittle-app-role", document }]));
  assert.deepEqual(cfn, {
    Resources: {
      whittleapprole: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: "whittle-app-role", PolicyDocument: document, Roles: ["app-role"] },
      },
    },
  });
});

test("policy names stay within IAM's length and character limits", () => {
  const [name] = policyNames("x".repeat(200), 1);
  assert.ok(name!.length <= 128);
  assert.deepEqual(policyNames("app", 2), ["whittle-app-1", "whittle-app-2"]);
});

test("compression writes a wildcard only when every action it names is kept", () => {
  const s3Get = catalog.keys(catalog.fullSet()).filter((k) => k.startsWith("s3:GetObject"));
  assert.deepEqual(compressActions(catalog, [...s3Get, "s3:ListBucket"]), ["s3:GetObject*", "s3:ListBucket"]);
  const almost = s3Get.filter((k) => k !== "s3:GetObjectAcl");
  const compressed = compressActions(catalog, almost);
  assert.ok(compressed.length < almost.length, "the GetObjectVersion* family still compresses");
  const expanded = new Set(compressed.flatMap((p) => catalog.keys(expandActionPattern(catalog, p))));
  assert.deepEqual([...expanded].sort(), [...almost].sort());
});
