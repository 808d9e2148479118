import assert from "node:assert/strict";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/** The organization's management account in the tests of paths whose SCP or RCP block is lifted. */
export const MANAGEMENT = "999999999999";

/** Production's Deploy role, an administrator trusting dev's CI role. */
export const prodDeploy = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
  });

/** Dev's CI role holding `policy` (an administrator by default), under `organization`. */
export const devCi = (organization: Snapshot["organization"], policy: object = ADMIN) =>
  snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", policy, trusting(`arn:aws:iam::${DEV}:root`))],
    organization,
  });

/** A delegation policy allowing dev's account what `statement` says. */
export const delegatingToDev = (statement: object): PolicyDelegation => ({
  document: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${DEV}:root` }, ...statement }),
});

/** The rollup's path from dev's CI role to production's Deploy, with the rollup's warnings. */
export async function deployPath(dev: Snapshot, delegation?: PolicyDelegation) {
  const report = await orgReportFixture([prodDeploy(), dev], MANAGEMENT, undefined, undefined, delegation);
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(":role/Deploy"));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  return { path, warnings: report.warnings };
}
