import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, organizationWith, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * Detaching an SCP lifts its Deny, but also its Allows: at each level it is taken off, what stays
 * must allow the request (an Allow is needed at every level of the account's path), or the request
 * stays blocked.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const MANAGEMENT = "999999999999";
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const full = scpLevels[0]!.policies[0]!;
/** The guard allows everything but sts:AssumeRole. */
const guard = {
  ...scpLevels[1]!.policies[1]!,
  document: doc(
    { Effect: "Allow", Action: "*", Resource: "*" },
    { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
  ),
};
const scp = (name: string, ...actions: string[]) => ({
  id: `p-${name}`,
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-${name}`,
  name,
  document: doc({ Effect: "Allow", Action: actions, Resource: "*" }),
});

const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
  });
/** Dev's CI role, an administrator of its account, with the guard on its account beside `beside`. */
const dev = (beside: object) =>
  snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
    organization: {
      ...organizationWith(),
      scpLevels: [
        { targetId: "r-ab12", policies: [full] },
        { targetId: DEV, policies: [guard, beside] },
      ],
    } as Snapshot["organization"],
  });
const DETACHING: PolicyDelegation = {
  document: doc({
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${DEV}:root` },
    Action: "organizations:DetachPolicy",
    Resource: "*",
  }),
};

const pathOf = async (snapshot: Snapshot) => {
  const report = await orgReportFixture([prod(), snapshot], MANAGEMENT, undefined, undefined, DETACHING);
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(":role/Deploy"));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  return path;
};

test("detaching an SCP lifts nothing where what stays at its level allows no sts:AssumeRole", async () => {
  const path = await pathOf(dev(scp("s3only", "s3:*", "organizations:*")));
  assert.equal(path.blockedBy?.length, 1);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("detaching an SCP lifts it where another policy at its level allows sts:AssumeRole", async () => {
  const path = await pathOf(dev(scp("sts", "sts:*", "s3:*")));
  assert.equal(path.liftsBlock, "organizations:DetachPolicy");
  assert.equal(path.severity, "high");
});
