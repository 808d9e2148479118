import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { delegatingToDev, deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith } from "./org-fixture.js";

/**
 * A request needs an SCP Allow at every level of the account's path: rewriting the SCP that denies
 * it lifts nothing while an allow-list at another level leaves sts:AssumeRole out, and the caller
 * may not rewrite that one.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const [full, guard] = scpLevels[1]!.policies;
const allowList = (...actions: string[]) => ({
  id: "p-allowlist",
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-allowlist`,
  name: "AllowList",
  document: doc({ Effect: "Allow", Action: actions, Resource: "*" }),
});

/** Dev's CI role under an OU holding only the allow-list, its account holding the guard. */
const dev = (...actions: string[]) =>
  devCi({
    ...organizationWith(),
    scpLevels: [
      { targetId: "r-ab12", policies: [full!] },
      { targetId: "ou-ab12-11111111", policies: [allowList(...actions)] },
      { targetId: DEV, policies: [full!, guard!] },
    ],
  } as Snapshot["organization"]);
/** Dev may rewrite the guard alone. */
const REWRITE_GUARD = delegatingToDev({ Action: "organizations:UpdatePolicy", Resource: guard!.arn });

const pathOf = async (snapshot: Snapshot) => (await deployPath(snapshot, REWRITE_GUARD)).path;

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
