import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization, Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  devWithRooter,
  ORG_ID,
  organizationWith,
  orgReportFixture,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

const MANAGEMENT = "999999999999";
const TASK = "arn:aws:iam::aws:policy/root-task/";
const ROOT_OF_PROD = `arn:aws:iam::${PROD}:root`;

/** sts:AssumeRoot on any member's root user, for the task policies named (any without one). */
const assumeRoot = (...tasks: string[]) =>
  doc({
    Effect: "Allow",
    Action: "sts:AssumeRoot",
    Resource: "arn:aws:iam::*:root",
    ...(tasks.length > 0
      ? { Condition: { ArnEquals: { "sts:TaskPolicyArn": tasks.map((t) => `${TASK}${t}`) } } }
      : {}),
  });

/** The management account with a RootOps role holding `policy`, and production, a member. */
function organization(policy: object, prodOrg: Organization = organizationWith()): Snapshot[] {
  return [
    snapshotWith({
      accountId: MANAGEMENT,
      roles: [roleIn(MANAGEMENT, "RootOps", policy, trusting(`arn:aws:iam::${MANAGEMENT}:root`))],
      organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
    }),
    snapshotWith({ accountId: PROD, organization: prodOrg }),
  ];
}

const paths = (snapshots: Snapshot[]) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  );

test("a management account role allowed sts:AssumeRoot to create a member's root password is a path to that member, on the feature being enabled", () => {
  assert.deepEqual(paths(organization(assumeRoot("IAMCreateRootUserPassword"))), [
    {
      from: { accountId: MANAGEMENT, principalArn: `arn:aws:iam::${MANAGEMENT}:role/RootOps`, type: "role" },
      to: { accountId: PROD, roleArn: ROOT_OF_PROD },
      via: "account",
      reaches: { admin: "conditional" },
      certainty: "maybe",
      assumeRoot: { taskPolicy: `${TASK}IAMCreateRootUserPassword` },
    },
  ]);
});

test("sts:AssumeRoot with task policies that give no access of their own is no path", () => {
  const tasks = ["IAMAuditRootUserCredentials", "IAMDeleteRootUserCredentials", "S3UnlockBucketPolicy"];
  assert.deepEqual(paths(organization(assumeRoot(...tasks))), []);
});

const fromDev = (snapshots: Snapshot[]) =>
  paths(snapshots)
    .filter((p) => p.from.accountId === DEV)
    .map((p) => [
      p.from.principalArn.split("/").pop(),
      p.to.accountId,
      p.certainty,
      p.blockedBy,
      p.assumeRoot,
    ]);

test("a member account whose policies name sts:AssumeRoot may be IAM's delegated administrator: its principals allowed it have conditional paths to the other members' root users", () => {
  const [management, prod] = organization(doc());
  const delegated = { taskPolicy: `${TASK}IAMCreateRootUserPassword`, delegatedAdministrator: true };
  assert.deepEqual(fromDev([management!, prod!, devWithRooter(assumeRoot())]), [
    ["rooter", PROD, "maybe", undefined, delegated],
    ["Admin", PROD, "maybe", undefined, delegated],
  ]);
  // Its SCPs apply to its callers: one denying sts:AssumeRoot blocks them.
  const deny = { Effect: "Deny", Action: "sts:AssumeRoot", Resource: "*" };
  const blocked = fromDev([management!, prod!, devWithRooter(assumeRoot(), deny)]);
  assert.equal(blocked.length, 2);
  assert.ok(
    blocked.every((p) => (p[3] as string[])[0]!.endsWith("/p-guard")),
    JSON.stringify(blocked),
  );
  // A member account whose policies do not name it is taken for no delegated administrator: its
  // administrators, allowed sts:AssumeRoot as everything, have no such path.
  assert.deepEqual(
    fromDev([management!, prod!, devWithRooter(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }))]),
    [],
  );
});

test("the member's SCP denying its root user blocks the path, even one that lets root sessions through", () => {
  const denyRoot = (Condition: object) => ({ Effect: "Deny", Action: "*", Resource: "*", Condition });
  const plain = denyRoot({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } });
  const exempting = denyRoot({
    ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" },
    Null: { "aws:AssumedRoot": "true" },
  });
  for (const scp of [plain, exempting]) {
    const [path] = paths(organization(assumeRoot(), organizationWith(scp)));
    assert.ok(path?.blockedBy?.[0]?.endsWith("/p-guard"), JSON.stringify(path));
  }
  // One that denies the root user one service only leaves it the rest: not blocked.
  const s3 = { ...plain, Action: "s3:*" };
  assert.equal(paths(organization(assumeRoot(), organizationWith(s3)))[0]?.blockedBy, undefined);
});

test("the rollup grades the path as conditional and names the root user and the task in its title", async () => {
  const report = await orgReportFixture(organization(assumeRoot("IAMCreateRootUserPassword")), MANAGEMENT);
  const [path] = report.crossAccountPaths;
  assert.equal(path?.severity, "medium");
  assert.match(
    path!.title,
    /RootOps \(999999999999\) can assume the root user of 111111111111 \(sts:AssumeRoot with IAMCreateRootUserPassword/,
  );
});

test("a role allowed sts:AssumeRoot leads on to the member's root user: its callers, of other accounts or its own, have a path to it", () => {
  const rootOps = roleIn(
    MANAGEMENT,
    "RootOps",
    assumeRoot("IAMCreateRootUserPassword"),
    trusting([`arn:aws:iam::${DEV}:role/Ops`, `arn:aws:iam::${MANAGEMENT}:user/alice`]),
  );
  const alice = user("alice", {
    arn: `arn:aws:iam::${MANAGEMENT}:user/alice`,
    inlinePolicies: [{ name: "p", document: ASSUME_ANY }],
  });
  const found = paths([
    snapshotWith({
      accountId: MANAGEMENT,
      users: [alice],
      roles: [rootOps],
      organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
    }),
    snapshotWith({
      accountId: DEV,
      roles: [roleIn(DEV, "Ops", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
      organization: organizationWith(),
    }),
    snapshotWith({ accountId: PROD, organization: organizationWith() }),
  ]);
  const to = (name: string) =>
    found
      .filter((p) => p.from.principalArn.endsWith(`/${name}`) && p.to.roleArn.endsWith("/RootOps"))
      .map((p) => [p.certainty, p.reaches]);
  // The first way on is named, as for a role leading on into other accounts.
  const reaches = {
    escalation: [`take the root user of ${DEV} (sts:AssumeRoot, admin)`],
    certainty: "maybe",
  };
  assert.deepEqual(to("Ops"), [["yes", reaches]]);
  assert.deepEqual(to("alice"), [["yes", reaches]]);
});

test("the management account known to the run, not from its own snapshot's organization (unread there), still has its paths", async () => {
  const [management, prod] = organization(assumeRoot("IAMCreateRootUserPassword"));
  const { organization: _, ...unread } = management!;
  const report = await orgReportFixture([unread, prod!], MANAGEMENT);
  assert.deepEqual(
    report.crossAccountPaths.map((p) => [p.from.principalArn, p.to.roleArn]),
    [[`arn:aws:iam::${MANAGEMENT}:role/RootOps`, ROOT_OF_PROD]],
  );
});
