import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { delegatingToDev, deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith } from "./org-fixture.js";

/**
 * Detaching an SCP lifts its Deny, but also its Allows: at each level it is taken off, what stays
 * must allow the request (an Allow is needed at every level of the account's path), or the request
 * stays blocked.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
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

/** Dev's CI role, an administrator of its account, with the guard on its account beside `beside`. */
const dev = (beside: object) =>
  devCi({
    ...organizationWith(),
    scpLevels: [
      { targetId: "r-ab12", policies: [full] },
      { targetId: DEV, policies: [guard, beside] },
    ],
  } as Snapshot["organization"]);
const DETACHING = delegatingToDev({ Action: "organizations:DetachPolicy", Resource: "*" });

const pathOf = async (snapshot: Snapshot) => (await deployPath(snapshot, DETACHING)).path;

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
