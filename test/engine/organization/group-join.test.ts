import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

const DEPLOYERS = `arn:aws:iam::${DEV}:group/Deployers`;
const JOIN = { Effect: "Allow", Action: "iam:AddUserToGroup", Resource: DEPLOYERS };

const pathsOf = (...snapshots: Snapshot[]) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  );
const byId = (paths: CrossAccountPath[]) =>
  new Map(
    paths.map((p) => [`${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`, p]),
  );

/** Production's Deploy, an administrator, trusts the whole dev account. */
const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
  });

/** Dev's Deployers group may assume Deploy; alice is no member but may add users to it. */
const dev = (...aliceStatements: object[]) =>
  snapshotWith({
    accountId: DEV,
    groups: [
      group("Deployers", {
        arn: DEPLOYERS,
        inlinePolicies: [
          {
            name: "deploy",
            document: doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${PROD}:role/Deploy`,
            }),
          },
        ],
      }),
    ],
    users: [
      user("alice", {
        arn: `arn:aws:iam::${DEV}:user/alice`,
        inlinePolicies: [{ name: "inline", document: doc(...aliceStatements) }],
      }),
    ],
  });

test("a user that can add itself to a group reaches the role of another account the group may assume", () => {
  const paths = byId(pathsOf(prod(), dev(JOIN)));
  const alice = paths.get("alice -> Deploy");
  assert.ok(alice, [...paths.keys()].join("\n"));
  assert.equal(alice.certainty, "yes");
  assert.equal(alice.joinsGroup, DEPLOYERS);
  assert.deepEqual(alice.reaches, { admin: "certain" });
});

test("joining a group leaves the user's own Deny, and a join under a condition leaves the path uncertain", () => {
  const denied = byId(
    pathsOf(prod(), dev(JOIN, { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" })),
  );
  assert.equal(denied.has("alice -> Deploy"), false, [...denied.keys()].join("\n"));
  const conditional = byId(
    pathsOf(prod(), dev({ ...JOIN, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })),
  );
  assert.equal(conditional.get("alice -> Deploy")?.certainty, "maybe", [...conditional.keys()].join("\n"));
});

test("the organization report names the group joined in the path's title", async () => {
  const report = await orgReportFixture([prod(), dev(JOIN)]);
  const path = report.crossAccountPaths.find((p) => p.from.principalArn.endsWith(":user/alice"));
  assert.ok(path);
  assert.equal(path.joinsGroup, DEPLOYERS);
  assert.match(path.title, /can join Deployers and assume Deploy/);
});

test("a user that can add itself to a group reaches what a user the group's policies let it take over reaches", () => {
  // Ops may create bob's access key; bob may assume production's Deploy. alice may only join Ops.
  const OPS = `arn:aws:iam::${DEV}:group/Ops`;
  const BOB = `arn:aws:iam::${DEV}:user/bob`;
  const devOps = snapshotWith({
    accountId: DEV,
    groups: [
      group("Ops", {
        arn: OPS,
        inlinePolicies: [
          { name: "keys", document: doc({ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: BOB }) },
        ],
      }),
    ],
    users: [
      user("alice", {
        arn: `arn:aws:iam::${DEV}:user/alice`,
        inlinePolicies: [
          { name: "inline", document: doc({ Effect: "Allow", Action: "iam:AddUserToGroup", Resource: OPS }) },
        ],
      }),
      user("bob", {
        arn: BOB,
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: `arn:aws:iam::${PROD}:role/Deploy`,
            }),
          },
        ],
      }),
    ],
  });
  const paths = byId(pathsOf(prod(), devOps));
  const alice = paths.get("alice -> Deploy");
  assert.ok(alice, [...paths.keys()].join("\n"));
  assert.equal(alice.certainty, "yes");
  assert.equal(alice.joinsGroup, OPS);
  assert.deepEqual(alice.through, [{ principalArn: BOB, paths: ["iam-002"] }]);
});

test("a user that can join a group whose policies let it give itself any policy takes both steps, both named", async () => {
  const ALICE = `arn:aws:iam::${DEV}:user/alice`;
  const WRITERS = `arn:aws:iam::${DEV}:group/Writers`;
  const devWriters = snapshotWith({
    accountId: DEV,
    groups: [
      group("Writers", {
        arn: WRITERS,
        inlinePolicies: [
          {
            name: "write",
            document: doc({
              Effect: "Allow",
              Action: "iam:PutUserPolicy",
              Resource: "arn:aws:iam::*:user/*",
            }),
          },
        ],
      }),
    ],
    users: [
      user("alice", {
        arn: ALICE,
        inlinePolicies: [
          {
            name: "inline",
            document: doc({ Effect: "Allow", Action: "iam:AddUserToGroup", Resource: WRITERS }),
          },
        ],
      }),
    ],
  });
  const paths = byId(pathsOf(prod(), devWriters));
  const alice = paths.get("alice -> Deploy");
  assert.ok(alice, [...paths.keys()].join("\n"));
  assert.equal(alice.certainty, "yes");
  assert.equal(alice.joinsGroup, WRITERS);
  assert.equal(alice.selfGrant, "iam:PutUserPolicy");
  const report = await orgReportFixture([prod(), devWriters]);
  const row = report.crossAccountPaths.find((p) => p.from.principalArn === ALICE);
  assert.match(
    row?.title ?? "",
    /can join Writers, give itself any policy \(iam:PutUserPolicy\) and assume Deploy/,
  );
});
