import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, organizationWith, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * Every root, OU and account must keep an SCP, so one that holds the blocking SCP alone keeps it
 * until another is attached: a caller that may attach FullAWSAccess there first, then detach the
 * blocking one, lifts it all the same.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 */
const MANAGEMENT = "999999999999";
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const [full, guard] = scpLevels[1]!.policies;

const prod = () =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
  });
/** Dev's CI role, its OU holding the guard alone (the guard allowing all else). */
const dev = () =>
  snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
    organization: {
      ...organizationWith(),
      scpLevels: [
        { targetId: "r-ab12", policies: [full!] },
        {
          targetId: "ou-ab12-11111111",
          policies: [
            {
              ...guard!,
              document: doc(
                { Effect: "Allow", Action: "*", Resource: "*" },
                { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
              ),
            },
          ],
        },
        { targetId: DEV, policies: [full!] },
      ],
    } as Snapshot["organization"],
  });
const delegating = (...Action: string[]): PolicyDelegation => ({
  document: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${DEV}:root` }, Action, Resource: "*" }),
});
const pathOf = async (delegation: PolicyDelegation) => {
  const report = await orgReportFixture([prod(), dev()], MANAGEMENT, undefined, undefined, delegation);
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(":role/Deploy"));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  return path;
};

test("a caller that may attach another SCP first detaches one its level holds alone", async () => {
  const path = await pathOf(delegating("organizations:AttachPolicy", "organizations:DetachPolicy"));
  assert.equal(path.liftsBlock, "organizations:DetachPolicy");
  assert.equal(path.severity, "high");
});

test("one that may only detach leaves it where its level holds it alone", async () => {
  const path = await pathOf(delegating("organizations:DetachPolicy"));
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});
