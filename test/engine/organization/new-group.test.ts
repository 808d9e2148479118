import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

const HANK = `arn:aws:iam::${DEV}:user/hank`;
const IAM_ONLY = `arn:aws:iam::${DEV}:policy/iam-only`;

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

/** Production's Ops, an administrator, trusts the whole dev account. */
const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Ops", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
  });

/** Dev's hank may create groups, give them a policy with `grant` and add users to them; nothing else. */
const dev = (grant: string, boundary = false) =>
  snapshotWith({
    accountId: DEV,
    users: [
      user("hank", {
        arn: HANK,
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: ["iam:CreateGroup", grant, "iam:AddUserToGroup"],
              Resource: "*",
            }),
          },
        ],
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
  });

test("a user that can create a group, give it any policy and join it reaches the roles trusting its account", () => {
  for (const grant of ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"]) {
    const paths = byId(pathsOf(prod(), dev(grant)));
    const hank = paths.get("hank -> Ops");
    assert.ok(hank, `${grant}: ${[...paths.keys()].join("\n")}`);
    assert.equal(hank.certainty, "yes");
    assert.equal(hank.selfGrant, "iam:CreateGroup");
    assert.deepEqual(hank.reaches, { admin: "certain" });
  }
});

test("the new group's policies act within the user's permissions boundary", () => {
  const paths = byId(pathsOf(prod(), dev("iam:PutGroupPolicy", true)));
  assert.equal(paths.has("hank -> Ops"), false, [...paths.keys()].join("\n"));
});

test("the organization report says the user creates a group and joins it", async () => {
  const report = await orgReportFixture([prod(), dev("iam:PutGroupPolicy")]);
  const hank = report.crossAccountPaths.find((p) => p.from.principalArn === HANK);
  assert.match(
    hank?.title ?? "",
    /^hank \(222222222222\) can create and join a group with any policy and assume Ops/,
  );
});
