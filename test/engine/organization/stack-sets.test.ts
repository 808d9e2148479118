import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  organizationWith,
  orgPaths,
  orgReportFixture,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

/**
 * CloudFormation StackSets with service-managed permissions deploy, from the management account,
 * into member accounts through a `stacksets-exec-*` role StackSets creates there with
 * AdministratorAccess, assumed by the management account's StackSets service-linked role.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-custom-execution-role.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/CloudFormationStackSetsOrgAdminServiceRolePolicy.html
 */
const MANAGEMENT = "999999999999";
const SLR_PATH = "/aws-service-role/stacksets.cloudformation.amazonaws.com/";
const SLR = `arn:aws:iam::${MANAGEMENT}:role${SLR_PATH}AWSServiceRoleForCloudFormationStackSetsOrgAdmin`;
const EXEC = `arn:aws:iam::${PROD}:role/stacksets-exec-0123456789abcdef`;
const STACK_SETS = doc({
  Effect: "Allow",
  Action: ["cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"],
  Resource: "*",
});

const orgSlr = role("AWSServiceRoleForCloudFormationStackSetsOrgAdmin", {
  arn: SLR,
  path: SLR_PATH,
  serviceLinked: true,
  inlinePolicies: [
    {
      name: "service",
      document: doc({
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::*:role/stacksets-exec-*",
      }),
    },
  ],
  trustPolicy: doc({
    Effect: "Allow",
    Principal: { Service: "stacksets.cloudformation.amazonaws.com" },
    Action: "sts:AssumeRole",
  }),
});

const management = (policy: object, roles = [orgSlr]) =>
  snapshotWith({
    accountId: MANAGEMENT,
    organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
    users: [
      user("deployer", {
        arn: `arn:aws:iam::${MANAGEMENT}:user/deployer`,
        inlinePolicies: [{ name: "p", document: policy }],
      }),
    ],
    roles,
  });
const prod = () =>
  snapshotWith({
    accountId: PROD,
    organization: organizationWith(),
    roles: [roleIn(PROD, EXEC.split("/").pop()!, ADMIN, trusting(SLR))],
  });

/** A member account whose user may create StackSets and their instances. */
const memberDeployer = () =>
  snapshotWith({
    accountId: DEV,
    organization: organizationWith(),
    users: [
      user("deployer", {
        arn: `arn:aws:iam::${DEV}:user/deployer`,
        inlinePolicies: [{ name: "p", document: STACK_SETS }],
      }),
    ],
  });

const pathsOf = (snapshots: Snapshot[]) =>
  orgPaths(snapshots, MANAGEMENT).map((p) => [
    p.from.principalArn.split("/").pop(),
    p.to.roleArn,
    p.certainty,
    p.stackSet,
    p.reaches,
  ]);

test("a management account user allowed to create StackSets and their instances reaches the members' StackSets execution role", () => {
  assert.deepEqual(pathsOf([management(STACK_SETS), prod()]), [
    ["deployer", EXEC, "yes", true, { admin: "certain" }],
  ]);
});

test("without StackSets' service-linked role in the management account the path hangs on trusted access", () => {
  assert.deepEqual(pathsOf([management(STACK_SETS, []), prod()]), [
    ["deployer", EXEC, "maybe", true, { admin: "certain" }],
  ]);
});

test("creating a StackSet without its instances, or StackSets in a member account, is no path", () => {
  const setOnly = doc({ Effect: "Allow", Action: "cloudformation:CreateStackSet", Resource: "*" });
  assert.deepEqual(pathsOf([management(setOnly), prod()]), []);
  const dev = memberDeployer();
  assert.deepEqual(pathsOf([management(doc()), prod(), dev]), []);
});

test("a role of another account that assumes a management role able to deploy StackSets reaches on to the members", () => {
  const deployRole = roleIn(MANAGEMENT, "StackDeployer", STACK_SETS, trusting(`arn:aws:iam::${DEV}:role/CI`));
  const dev = snapshotWith({
    accountId: DEV,
    organization: organizationWith(),
    roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const found = pathsOf([management(doc(), [orgSlr, deployRole]), prod(), dev]);
  assert.deepEqual(
    found.map(([from, to]) => [from, to]),
    [
      ["CI", `arn:aws:iam::${MANAGEMENT}:role/StackDeployer`],
      ["StackDeployer", EXEC],
    ],
  );
});

test("the rollup says the caller deploys a StackSet through the execution role", async () => {
  const report = await orgReportFixture([management(STACK_SETS), prod()], MANAGEMENT);
  const path = report.crossAccountPaths.find((p) => p.to.roleArn === EXEC)!;
  assert.equal(path.severity, "high");
  assert.match(
    path.title,
    /deployer \(999999999999\) can deploy a StackSet .*stacksets-exec-0123456789abcdef in 111111111111: administrator/,
  );
});

test("a member account registered as StackSets' delegated administrator deploys into the other members, never the management account", () => {
  const admin = memberDeployer();
  const managementExec = roleIn(MANAGEMENT, EXEC.split("/").pop()!, ADMIN, trusting(SLR));
  const withExec = management(doc(), [orgSlr, managementExec]);
  const delegated = (accounts: string[]) =>
    orgPaths([withExec, prod(), admin], MANAGEMENT, { stackSets: { accounts } })
      .filter((p) => p.from.accountId === DEV)
      .map((p) => [p.from.principalArn, p.to.roleArn, p.certainty, p.stackSet, p.delegatedAdministrator]);
  assert.deepEqual(delegated([DEV]), [[`arn:aws:iam::${DEV}:user/deployer`, EXEC, "yes", true, true]]);
  // Not registered: its callers deploy nothing into the members.
  assert.deepEqual(delegated([]), []);
});

test("the rollup names the delegated administrator in the path's title, and warns when it could not be read", async () => {
  const admin = memberDeployer();
  const report = await orgReportFixture([management(doc()), prod(), admin], MANAGEMENT, undefined, {
    stackSets: { accounts: [DEV] },
    identityCenter: { unread: "AccessDeniedException: no" },
  });
  const path = report.crossAccountPaths.find((p) => p.from.accountId === DEV)!;
  assert.match(
    path.title,
    /deployer \(222222222222\) can deploy a StackSet \(as its delegated administrator\) run as/,
  );
  assert.ok(
    report.warnings.includes(
      "IAM Identity Center's delegated administrator is unknown (AccessDeniedException: no): paths from a member account that administers it are not listed",
    ),
    JSON.stringify(report.warnings),
  );
});
