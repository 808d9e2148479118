import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, organizationWith, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A request needs an SCP Allow at every level of the account's path: rewriting the SCP that denies
 * it lifts nothing while an allow-list at another level leaves sts:AssumeRole out, and the caller
 * may not rewrite that one.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const MANAGEMENT = "999999999999";
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const [full, guard] = scpLevels[1]!.policies;
const allowList = (...actions: string[]) => ({
  id: "p-allowlist",
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-allowlist`,
  name: "AllowList",
  document: doc({ Effect: "Allow", Action: actions, Resource: "*" }),
});

const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
  });
/** Dev's CI role under an OU holding only the allow-list, its account holding the guard. */
const dev = (...actions: string[]) =>
  snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
    organization: {
      ...organizationWith(),
      scpLevels: [
        { targetId: "r-ab12", policies: [full!] },
        { targetId: "ou-ab12-11111111", policies: [allowList(...actions)] },
        { targetId: DEV, policies: [full!, guard!] },
      ],
    } as Snapshot["organization"],
  });
/** Dev may rewrite the guard alone. */
const REWRITE_GUARD: PolicyDelegation = {
  document: doc({
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${DEV}:root` },
    Action: "organizations:UpdatePolicy",
    Resource: guard!.arn,
  }),
};

const pathOf = async (snapshot: Snapshot) => {
  const report = await orgReportFixture([prod(), snapshot], MANAGEMENT, undefined, undefined, REWRITE_GUARD);
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(":role/Deploy"));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  return path;
};

test("rewriting the denying SCP lifts nothing while another level's allow-list leaves the call out", async () => {
  const path = await pathOf(dev("s3:*", "organizations:*"));
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("rewriting the denying SCP lifts it where every other level allows the call", async () => {
  const path = await pathOf(dev("s3:*", "organizations:*", "sts:*"));
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.severity, "high");
});
