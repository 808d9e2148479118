import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { cloudFormationSnippet, terraformSnippet } from "../../../core/engine/generate/iac.js";
import {
  permissionSetCloudFormation,
  permissionSetOf,
  permissionSetScope,
  permissionSetTerraform,
} from "../../../core/engine/generate/iac-permission-set.js";
import {
  logicalId,
  policyNames,
  terraformId,
  uniquePolicyBases,
} from "../../../core/engine/generate/policy-names.js";
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
  assert.match(tf, /resource "aws_iam_policy" "whittle-app-role" \{/);
  assert.match(tf, /resource "aws_iam_role_policy_attachment" "whittle-app-role" \{/);
  assert.match(tf, /role {7}= "app-role"/);
  assert.match(tf, /policy_arn = aws_iam_policy\.whittle-app-role\.arn/);
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
      [logicalId("whittle-app-role")]: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: "whittle-app-role", PolicyDocument: document, Roles: ["app-role"] },
      },
    },
  });
});

test("policy names stay within IAM's length and character limits", () => {
  const arn = "arn:aws:iam::123456789012:role/x";
  const base = uniquePolicyBases([{ arn, type: "role", path: "/", name: "x".repeat(200) }]).get(arn)!;
  assert.ok(`${base}-10`.length <= 128);
  assert.match(base, /^[\w+=,.@-]+$/);
  assert.deepEqual(policyNames("whittle-role-app", 2), ["whittle-role-app-1", "whittle-role-app-2"]);
});

test("policy names are unique per principal: type and path are in the name, and near misses are hashed apart", () => {
  const principals = [
    { arn: "arn:aws:iam::1:user/deploy", type: "user" as const, path: "/", name: "deploy" },
    { arn: "arn:aws:iam::1:role/deploy", type: "role" as const, path: "/", name: "deploy" },
    { arn: "arn:aws:iam::1:role/ci/app", type: "role" as const, path: "/ci/", name: "app" },
    { arn: "arn:aws:iam::1:role/ci-app", type: "role" as const, path: "/", name: "ci-app" },
    { arn: "arn:aws:iam::1:role/svc", type: "role" as const, path: "/", name: "svc" },
    { arn: "arn:aws:iam::1:role/svc-2", type: "role" as const, path: "/", name: "svc-2" },
  ];
  const bases = uniquePolicyBases(principals);
  assert.equal(bases.get("arn:aws:iam::1:user/deploy"), "whittle-user-deploy");
  assert.equal(bases.get("arn:aws:iam::1:role/deploy"), "whittle-role-deploy");
  assert.match(bases.get("arn:aws:iam::1:role/ci/app")!, /^whittle-role-ci-app-[0-9a-f]{8}$/);
  const names = principals.flatMap((p) => policyNames(bases.get(p.arn)!, 2).concat(bases.get(p.arn)!));
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
});

test("a role named after another principal's hashed policy name still gets a name of its own", () => {
  const long = `/${"a".repeat(60)}/${"b".repeat(60)}/`;
  const first = {
    arn: `arn:aws:iam::123456789012:role${long}r`,
    type: "role" as const,
    path: long,
    name: "r",
  };
  const hashed = uniquePolicyBases([first]).get(first.arn)!;
  // A role at /aaa…/ whose name is the rest of that hashed name: its readable name is the same.
  const name = hashed.slice(`whittle-role-${"a".repeat(60)}-`.length);
  const second = {
    arn: `arn:aws:iam::123456789012:role/${"a".repeat(60)}/${name}`,
    type: "role" as const,
    path: `/${"a".repeat(60)}/`,
    name,
  };
  const bases = uniquePolicyBases([first, second]);
  assert.notEqual(bases.get(first.arn)!.toLowerCase(), bases.get(second.arn)!.toLowerCase());
  for (const base of bases.values()) assert.ok(`${base}-10`.length <= 128);
});

test("Terraform identifiers and CloudFormation logical ids are valid and distinct for distinct names", () => {
  const names = [
    "whittle-user-a-b",
    "whittle-user-a_b",
    "whittle-user-a.b",
    "whittle-user-ab",
    "whittle-user-a@b",
  ];
  const tf = names.map(terraformId);
  const cfn = names.map(logicalId);
  assert.equal(new Set(tf).size, names.length);
  assert.equal(new Set(cfn).size, names.length);
  for (const id of tf) assert.match(id, /^[A-Za-z_][A-Za-z0-9_-]*$/);
  for (const id of cfn) assert.match(id, /^[A-Za-z][A-Za-z0-9]{0,254}$/);
});

test("an Identity Center role is its permission set, only under Identity Center's path", () => {
  const path = "/aws-reserved/sso.amazonaws.com/";
  assert.equal(permissionSetOf({ path, name: "AWSReservedSSO_Data_Eng_0123456789abcdef" }), "Data_Eng");
  assert.equal(
    permissionSetOf({ path: `${path}eu-west-1/`, name: "AWSReservedSSO_Admin_0123456789abcdef" }),
    "Admin",
  );
  assert.equal(permissionSetOf({ path: "/", name: "AWSReservedSSO_Admin_0123456789abcdef" }), undefined);
  assert.equal(permissionSetOf({ path, name: "deployer" }), undefined);
});

test("a permission set's policy is its inline policy in Terraform and CloudFormation", () => {
  const policy = { name: "whittle-permission-set-Data", document };
  const role =
    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Data_0123456789abcdef";
  const scope = permissionSetScope("Data", role);
  const tf = permissionSetTerraform("Data", scope, policy);
  // The set applies in every account it is assigned to; the proof covered this one.
  assert.match(tf, /^# Permission set Data applies in every account .* account 111122223333\b/);
  assert.match(tf, /resource "aws_ssoadmin_permission_set_inline_policy" "whittle-permission-set-Data" \{/);
  assert.match(
    tf,
    /data "aws_ssoadmin_permission_set" "whittle-permission-set-Data" \{\n.*\n {2}name {9}= "Data"/,
  );
  assert.equal(tf.includes("aws_iam_role_policy_attachment"), false);
  const inline = /inline_policy {6}= (".*")\n/.exec(tf)?.[1];
  assert.deepEqual(JSON.parse(JSON.parse(inline!.replaceAll("$${", "${"))), document);
  const cfn = JSON.parse(permissionSetCloudFormation("Data", scope, policy));
  assert.match(cfn.Description, /every account it is assigned to.*account 111122223333\b/);
  const [resource] = Object.values(cfn.Resources) as { Type: string; Properties: Record<string, unknown> }[];
  assert.equal(resource?.Type, "AWS::SSO::PermissionSet");
  assert.deepEqual(resource?.Properties, {
    InstanceArn: { Ref: "IdentityCenterInstanceArn" },
    Name: "Data",
    InlinePolicy: document,
  });
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

test("CloudFormation text equals the template stringified whole, whatever the names and documents hold", () => {
  // Strings that could pass for the spliced structure, with JSON's escapes.
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('"PolicyDocument": 0', 'x\\"PolicyDocument\\": 1', "a\nb", "\u0000", "${x}"),
  );
  const statement = fc.record({
    Sid: text,
    Effect: fc.constantFrom("Allow" as const, "Deny" as const),
    Action: fc.array(text, { maxLength: 3 }),
    Resource: fc.array(text, { maxLength: 3 }),
  });
  const policies = fc.array(
    fc.record({
      name: text,
      document: fc.record({
        Version: fc.constant("2012-10-17" as const),
        Statement: fc.array(statement, { maxLength: 3 }),
      }),
    }),
    { maxLength: 3 },
  );
  fc.assert(
    fc.property(
      fc.constantFrom("user" as const, "role" as const, "group" as const),
      text,
      policies,
      (type, principal, list) => {
        const attach = { user: "Users", role: "Roles", group: "Groups" }[type];
        const whole = Object.fromEntries(
          list.map((p) => [
            logicalId(p.name),
            {
              Type: "AWS::IAM::ManagedPolicy",
              Properties: { ManagedPolicyName: p.name, PolicyDocument: p.document, [attach]: [principal] },
            },
          ]),
        );
        assert.equal(
          cloudFormationSnippet(type, principal, list),
          JSON.stringify({ Resources: whole }, null, 2),
        );
      },
    ),
  );
});
