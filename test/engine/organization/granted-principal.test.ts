import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A principal that may write a policy on another user or role of its account and act as it (assume
 * the role, make the user an access key) reaches what that principal reaches once given the
 * policy, not only what it holds today: the policy takes effect once written.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 */
const ALICE = `arn:aws:iam::${DEV}:user/alice`;
const BOB = `arn:aws:iam::${DEV}:user/bob`;
const R = `arn:aws:iam::${DEV}:role/R`;
const LIST = doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" });

/** Production's Deploy, an administrator, trusts the whole dev account. */
const prod = snapshotWith({
  accountId: PROD,
  roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
});

/** Dev's alice with `statements`, bob and the role R, neither of which may assume Deploy today. */
const dev = (statements: object[]) =>
  snapshotWith({
    accountId: DEV,
    users: [
      user("alice", { arn: ALICE, inlinePolicies: [{ name: "inline", document: doc(...statements) }] }),
      user("bob", { arn: BOB, inlinePolicies: [{ name: "inline", document: LIST }] }),
    ],
    roles: [roleIn(DEV, "R", LIST, trusting(`arn:aws:iam::${DEV}:root`))],
  });

const aliceToDeploy = (...snapshots: Snapshot[]): CrossAccountPath | undefined =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  ).find((p) => p.from.principalArn === ALICE);

test("a user that may put a policy on a role of its account and assume it reaches what the role then may", async () => {
  const alice = [{ Effect: "Allow", Action: ["iam:PutRolePolicy", "sts:AssumeRole"], Resource: R }];
  const path = aliceToDeploy(prod, dev(alice));
  assert.equal(path?.certainty, "yes");
  assert.deepEqual(path?.through, [{ principalArn: R, paths: ["iam:PutRolePolicy + sts:AssumeRole"] }]);
  const report = await orgReportFixture([prod, dev(alice)]);
  const row = report.crossAccountPaths.find((p) => p.from.principalArn === ALICE);
  assert.match(
    row?.title ?? "",
    /alice \(222222222222\) can take over R \(iam:PutRolePolicy \+ sts:AssumeRole\)/,
  );
});

test("a user that may put a policy on another user and make its access key reaches what that user then may", () => {
  const alice = [{ Effect: "Allow", Action: ["iam:PutUserPolicy", "iam:CreateAccessKey"], Resource: BOB }];
  const path = aliceToDeploy(prod, dev(alice));
  assert.equal(path?.certainty, "yes");
  assert.deepEqual(path?.through, [
    { principalArn: BOB, paths: ["iam:PutUserPolicy + iam:CreateAccessKey"] },
  ]);
});

test("either step alone gives no path", () => {
  assert.equal(
    aliceToDeploy(prod, dev([{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: R }])),
    undefined,
  );
  assert.equal(
    aliceToDeploy(prod, dev([{ Effect: "Allow", Action: "iam:CreateAccessKey", Resource: BOB }])),
    undefined,
  );
});
