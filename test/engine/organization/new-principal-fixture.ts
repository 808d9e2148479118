import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

/** The tests of principals a caller creates, then acts as: dev's CI role and alice, production's Deploy. */
export const CI = `arn:aws:iam::${DEV}:role/CI`;
export const ALICE = `arn:aws:iam::${DEV}:user/alice`;

/** Production's Deploy, an administrator, trusting the whole dev account under `conditions`. */
export const prodTrusting = (conditions?: Record<string, Record<string, string>>) =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:root`, conditions))],
  });

/** Dev's CI role and alice, with the statements given; neither may assume Deploy itself. */
export const dev = (
  ci: object[],
  alice: object[] = [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }],
) =>
  snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", doc(...ci), trusting(`arn:aws:iam::${DEV}:root`))],
    users: [user("alice", { arn: ALICE, inlinePolicies: [{ name: "inline", document: doc(...alice) }] })],
  });

/** The rollup's path from `arn` to production's Deploy, if any. */
export const pathFrom = (arn: string, ...snapshots: Snapshot[]): CrossAccountPath | undefined =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  ).find((p) => p.from.principalArn === arn && p.to.roleArn.endsWith(":role/Deploy"));
