import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization, Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, organizationWith, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A user that may add itself to a group and put or attach a policy on that group gives itself any
 * policy once it is a member: join first, then write the group's policy.
 */
const ALICE = `arn:aws:iam::${DEV}:user/alice`;
const OPS = `arn:aws:iam::${DEV}:group/Ops`;
const IAM_ONLY = `arn:aws:iam::${DEV}:policy/iam-only`;
const JOIN = { Effect: "Allow", Action: "iam:AddUserToGroup", Resource: OPS };
const PUT = { Effect: "Allow", Action: "iam:PutGroupPolicy", Resource: OPS };
const ATTACH = { Effect: "Allow", Action: "iam:AttachGroupPolicy", Resource: OPS };

const pathsOf = (...snapshots: Snapshot[]) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  );
const aliceToDeploy = (paths: CrossAccountPath[]) =>
  paths.find((p) => p.from.principalArn === ALICE && p.to.roleArn.endsWith(":role/Deploy"));

/** Production's Deploy, an administrator, trusts the whole dev account. */
const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
  });

/** Dev's Ops group, with `opsStatements` as its policy (none by default); alice is no member. */
const dev = (
  alice: object[],
  {
    boundary = false,
    organization,
    opsStatements = [],
  }: { boundary?: boolean; organization?: Organization; opsStatements?: object[] } = {},
) =>
  snapshotWith({
    accountId: DEV,
    groups: [
      group("Ops", {
        arn: OPS,
        inlinePolicies: opsStatements.length > 0 ? [{ name: "ops", document: doc(...opsStatements) }] : [],
      }),
    ],
    users: [
      user("alice", {
        arn: ALICE,
        inlinePolicies: [{ name: "inline", document: doc(...alice) }],
        ...(boundary ? { permissionsBoundaryArn: IAM_ONLY } : {}),
      }),
    ],
    managedPolicies: {
      [IAM_ONLY]: {
        arn: IAM_ONLY,
        name: "iam-only",
        isAwsManaged: false,
        defaultVersionId: "v1",
        document: doc({ Effect: "Allow", Action: "iam:*", Resource: "*" }),
      },
    },
    ...(organization ? { organization } : {}),
  });

test("a user that may join a group and put or attach a policy on it reaches what that policy lets it, both steps named", () => {
  for (const [write, call] of [
    [PUT, "iam:PutGroupPolicy"],
    [ATTACH, "iam:AttachGroupPolicy"],
  ] as const) {
    const alice = aliceToDeploy(pathsOf(prod(), dev([JOIN, write])));
    assert.ok(alice, call);
    assert.equal(alice.certainty, "yes", call);
    assert.equal(alice.joinsGroup, OPS, call);
    assert.equal(alice.selfGrant, call);
    assert.deepEqual(alice.reaches, { admin: "certain" }, call);
  }
});

test("a group that gives the user something itself is written to once joined too", () => {
  const ops = [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }];
  const alice = aliceToDeploy(pathsOf(prod(), dev([JOIN, PUT], { opsStatements: ops })));
  assert.equal(alice?.certainty, "yes");
  assert.equal(alice?.joinsGroup, OPS);
  assert.equal(alice?.selfGrant, "iam:PutGroupPolicy");
});

test("either step alone gives no path, and a join or a write under a condition leaves the path uncertain", () => {
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([PUT]))), undefined);
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([JOIN]))), undefined);
  const onVpn = { ...JOIN, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } };
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([onVpn, PUT])))?.certainty, "maybe");
  // A write under a condition may still be made: the path hangs on it.
  const writeOnVpn = { ...PUT, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } };
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([JOIN, writeOnVpn])))?.certainty, "maybe");
});

test("the user's Denies, permissions boundary and SCPs still apply once it has written the group's policy", () => {
  const denied = dev([JOIN, PUT, { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }]);
  assert.equal(aliceToDeploy(pathsOf(prod(), denied)), undefined);
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([JOIN, PUT], { boundary: true }))), undefined);
  const noGroupWrites = organizationWith({ Effect: "Deny", Action: "iam:PutGroupPolicy", Resource: "*" });
  assert.equal(aliceToDeploy(pathsOf(prod(), dev([JOIN, PUT], { organization: noGroupWrites }))), undefined);
  // One whose SCPs deny its sts:AssumeRole takes the path only as far as they let it: blocked by them.
  const guard = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
  assert.deepEqual(aliceToDeploy(pathsOf(prod(), dev([JOIN, PUT], { organization: guard })))?.blockedBy, [
    "arn:aws:organizations::999999999999:policy/o-exampleorg1/service_control_policy/p-guard",
  ]);
});

test("the organization report names the group joined and the call in the path's title", async () => {
  const report = await orgReportFixture([prod(), dev([JOIN, PUT])]);
  const row = report.crossAccountPaths.find((p) => p.from.principalArn === ALICE);
  assert.match(
    row?.title ?? "",
    /can join Ops, give itself any policy \(iam:PutGroupPolicy\) and assume Deploy/,
  );
});
