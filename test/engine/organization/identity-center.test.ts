import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, organizationWith, orgPaths, orgReportFixture, PROD } from "./org-fixture.js";

/**
 * IAM Identity Center, administered from the management account, provisions a permission set
 * into a member account as an IAM role when it is assigned there (sso:CreateAccountAssignment):
 * whoever may assign a set to an Identity Center user it signs in as holds that role.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreateAccountAssignment.html
 */
const MANAGEMENT = "999999999999";
const SSO_ROLE = `arn:aws:iam::${PROD}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
const ASSIGN = doc({ Effect: "Allow", Action: "sso:CreateAccountAssignment", Resource: "*" });

const management = (policy: object) =>
  snapshotWith({
    accountId: MANAGEMENT,
    organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
    users: [
      user("operator", {
        arn: `arn:aws:iam::${MANAGEMENT}:user/operator`,
        inlinePolicies: [{ name: "p", document: policy }],
      }),
    ],
  });
const prod = () =>
  snapshotWith({
    accountId: PROD,
    organization: organizationWith(),
    roles: [
      role("AWSReservedSSO_Admin_0123456789abcdef", {
        arn: SSO_ROLE,
        path: "/aws-reserved/sso.amazonaws.com/",
        inlinePolicies: [{ name: "AwsSSOInlinePolicy", document: ADMIN }],
        trustPolicy: doc({
          Effect: "Allow",
          Principal: {
            Federated: `arn:aws:iam::${PROD}:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE`,
          },
          Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        }),
      }),
    ],
  });

const pathsOf = (snapshots: Snapshot[]) =>
  orgPaths(snapshots, MANAGEMENT).map((p) => [
    p.from.principalArn.split("/").pop(),
    p.to.roleArn,
    p.certainty,
    p.permissionSet,
    p.reaches,
  ]);

test("a management account user allowed to assign permission sets reaches a member's permission set role, conditionally", () => {
  assert.deepEqual(pathsOf([management(ASSIGN), prod()]), [
    ["operator", SSO_ROLE, "maybe", "Admin", { admin: "certain" }],
  ]);
});

test("assignments the caller may make only in other accounts give it no path into this one", () => {
  const elsewhere = doc({
    Effect: "Allow",
    Action: "sso:CreateAccountAssignment",
    Resource: [
      "arn:aws:sso:::instance/*",
      "arn:aws:sso:::permissionSet/*/*",
      "arn:aws:sso:::account/222222222222",
    ],
  });
  assert.deepEqual(pathsOf([management(elsewhere), prod()]), []);
  assert.deepEqual(
    pathsOf([management(doc({ Effect: "Allow", Action: "sso:Describe*", Resource: "*" })), prod()]),
    [],
  );
});

test("the rollup says the caller assigns the permission set, graded as conditional", async () => {
  const report = await orgReportFixture([management(ASSIGN), prod()], MANAGEMENT);
  const path = report.crossAccountPaths.find((p) => p.to.roleArn === SSO_ROLE)!;
  assert.equal(path.severity, "medium");
  assert.match(
    path.title,
    /operator \(999999999999\) can assign permission set Admin and sign in as AWSReservedSSO_Admin_0123456789abcdef in 111111111111: administrator/,
  );
});

test("of a member's permission set roles, the path is to the one giving the most", () => {
  const reader = role("AWSReservedSSO_ReadOnly_fedcba9876543210", {
    arn: `arn:aws:iam::${PROD}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210`,
    path: "/aws-reserved/sso.amazonaws.com/",
    inlinePolicies: [
      {
        name: "p",
        document: doc({
          Effect: "Allow",
          Action: "iam:PutUserPolicy",
          Resource: "*",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        }),
      },
    ],
  });
  const member = prod();
  member.roles.unshift(reader);
  assert.deepEqual(
    pathsOf([management(ASSIGN), member]).map(([, to, , set]) => [to, set]),
    [[SSO_ROLE, "Admin"]],
  );
});

test("a caller that may also write a permission set's policy reaches a member whose sets give nothing, as a conditional administrator", () => {
  const reader = role("AWSReservedSSO_ReadOnly_fedcba9876543210", {
    arn: `arn:aws:iam::${PROD}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210`,
    path: "/aws-reserved/sso.amazonaws.com/",
    inlinePolicies: [
      { name: "p", document: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
    ],
  });
  const member = snapshotWith({ accountId: PROD, organization: organizationWith(), roles: [reader] });
  const writes = (action: string) =>
    doc({ Effect: "Allow", Action: ["sso:CreateAccountAssignment", action], Resource: "*" });
  const found = (policy: object) =>
    orgPaths([management(policy), member], MANAGEMENT).map((p) => [
      p.to.roleArn.split("/").pop(),
      p.certainty,
      p.permissionSet,
      p.selfGrant,
      p.reaches,
    ]);
  for (const action of ["sso:PutInlinePolicyToPermissionSet", "sso:AttachManagedPolicyToPermissionSet"])
    assert.deepEqual(found(writes(action)), [
      ["AWSReservedSSO_ReadOnly_fedcba9876543210", "maybe", "ReadOnly", action, { admin: "conditional" }],
    ]);
  assert.deepEqual(found(ASSIGN), []);
});

test("the rollup says the caller writes the permission set's policy first", async () => {
  const reader = role("AWSReservedSSO_ReadOnly_fedcba9876543210", {
    arn: `arn:aws:iam::${PROD}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_fedcba9876543210`,
    path: "/aws-reserved/sso.amazonaws.com/",
  });
  const member = snapshotWith({ accountId: PROD, organization: organizationWith(), roles: [reader] });
  const policy = doc({
    Effect: "Allow",
    Action: ["sso:CreateAccountAssignment", "sso:PutInlinePolicyToPermissionSet"],
    Resource: "*",
  });
  const report = await orgReportFixture([management(policy), member], MANAGEMENT);
  assert.match(
    report.crossAccountPaths[0]!.title,
    /operator \(999999999999\) can give the permission set any policy and assign permission set ReadOnly and sign in as AWSReservedSSO_ReadOnly_fedcba9876543210 in 111111111111: administrator/,
  );
});

test("a management account user whose only policy is unread may assign permission sets: a path naming that policy", () => {
  const unread = "arn:aws:iam::aws:policy/AdministratorAccess";
  const ops = management(doc());
  ops.users[0]!.inlinePolicies = [];
  ops.users[0]!.attachedPolicyArns = [unread];
  const found = orgPaths([ops, prod()], MANAGEMENT).filter((p) => p.permissionSet);
  assert.deepEqual(
    found.map((p) => [p.to.roleArn, p.certainty, p.unreadPolicies]),
    [[SSO_ROLE, "maybe", [unread]]],
  );
});

test("a member account registered as Identity Center's delegated administrator assigns sets in the other members, not the management account", () => {
  const admin = snapshotWith({
    accountId: DEV,
    organization: organizationWith(),
    users: [
      user("operator", {
        arn: `arn:aws:iam::${DEV}:user/operator`,
        inlinePolicies: [{ name: "p", document: ASSIGN }],
      }),
    ],
  });
  const managementSso = role("AWSReservedSSO_Admin_fedcba9876543210", {
    arn: `arn:aws:iam::${MANAGEMENT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_fedcba9876543210`,
    path: "/aws-reserved/sso.amazonaws.com/",
    inlinePolicies: [{ name: "AwsSSOInlinePolicy", document: ADMIN }],
    trustPolicy: prod().roles[0]!.trustPolicy,
  });
  const ops = management(doc());
  ops.roles = [managementSso];
  const delegated = (accounts: string[]) =>
    orgPaths([ops, prod(), admin], MANAGEMENT, { identityCenter: { accounts } })
      .filter((p) => p.from.accountId === DEV)
      .map((p) => [p.to.roleArn, p.certainty, p.permissionSet, p.delegatedAdministrator]);
  assert.deepEqual(delegated([DEV]), [[SSO_ROLE, "maybe", "Admin", true]]);
  assert.deepEqual(delegated([]), []);
});
