import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, organizationWith, orgPaths, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A caller whose attached managed policy the snapshot holds no document for (a GAAD taken with
 * `--filter LocalManagedPolicy`) may be allowed sts:AssumeRole by it: its account's findings call
 * it a conditional administrator, and its way into another account is a path that may exist.
 */
const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(DEV));
const paths = (devRoles: Snapshot["roles"]) =>
  crossAccountPaths(
    catalog,
    [
      snapshotWith({ accountId: PROD, roles: [deploy] }),
      snapshotWith({ accountId: DEV, roles: devRoles }),
    ].map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
  );
const ci = (extra: Partial<Snapshot["roles"][number]>) =>
  role("CI", {
    arn: `arn:aws:iam::${DEV}:role/CI`,
    trustPolicy: trusting(`arn:aws:iam::${DEV}:root`),
    ...extra,
  });

test("a caller whose only policy is unread has a path that may exist, naming the unread policy", () => {
  const found = paths([ci({ attachedPolicyArns: [ADMIN_ARN] })]);
  assert.deepEqual(
    found.map((p) => [p.from.principalArn, p.to.roleArn, p.certainty, p.unreadPolicies]),
    [[`arn:aws:iam::${DEV}:role/CI`, deploy.arn, "maybe", [ADMIN_ARN]]],
  );
});

test("a caller its read policies certainly take keeps its certain path, with nothing unread named", () => {
  const assume = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" });
  const found = paths([
    ci({ attachedPolicyArns: [ADMIN_ARN], inlinePolicies: [{ name: "assume", document: assume }] }),
  ]);
  assert.deepEqual(
    found.map((p) => [p.certainty, p.unreadPolicies]),
    [["yes", undefined]],
  );
});

test("a Deny the snapshot holds still stops a caller whatever its unread policy grants", () => {
  const deny = doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
  assert.deepEqual(
    paths([ci({ attachedPolicyArns: [ADMIN_ARN], inlinePolicies: [{ name: "deny", document: deny }] })]),
    [],
  );
});

test("a caller whose every attached policy was read has no path from them", () => {
  assert.deepEqual(paths([ci({})]), []);
});

test("the organization report grades such a path conditional and names the unread policy in its title", async () => {
  const report = await orgReportFixture([
    snapshotWith({ accountId: PROD, roles: [deploy] }),
    snapshotWith({ accountId: DEV, roles: [ci({ attachedPolicyArns: [ADMIN_ARN] })] }),
  ]);
  const [path] = report.crossAccountPaths;
  assert.equal(path?.severity, "medium");
  assert.match(path!.title, /AdministratorAccess \(no document in the snapshot\)/);
  assert.deepEqual(path?.unreadPolicies, [ADMIN_ARN]);
});

test("a management account caller whose only policy is unread may deploy StackSets and take a member's root user", () => {
  const management = "999999999999";
  const stackSetsRole = `arn:aws:iam::${management}:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin`;
  const found = orgPaths(
    [
      snapshotWith({
        accountId: management,
        organization: { ...organizationWith(), managementAccountId: management },
        users: [user("ops", { arn: `arn:aws:iam::${management}:user/ops`, attachedPolicyArns: [ADMIN_ARN] })],
      }),
      snapshotWith({
        accountId: PROD,
        organization: organizationWith(),
        roles: [roleIn(PROD, "stacksets-exec-0123456789abcdef", ADMIN, trusting(stackSetsRole))],
      }),
    ],
    management,
  );
  assert.deepEqual(
    found
      .map((p) => [p.to.roleArn, p.certainty, p.stackSet ?? p.assumeRoot?.taskPolicy, p.unreadPolicies])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    [
      [`arn:aws:iam::${PROD}:role/stacksets-exec-0123456789abcdef`, "maybe", true, [ADMIN_ARN]],
      [
        `arn:aws:iam::${PROD}:root`,
        "maybe",
        "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
        [ADMIN_ARN],
      ],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
});
