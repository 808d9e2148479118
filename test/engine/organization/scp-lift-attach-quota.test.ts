import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { delegatingToDev, deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith } from "./org-fixture.js";

/**
 * A root, OU or account holds at most five SCPs: AttachPolicy on one holding five fails
 * (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED), so FullAWSAccess is given to an OU whose five
 * allow-lists leave sts:AssumeRole out only once one of them is detached.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
const [full] = organizationWith().scpLevels[0]!.policies;
const OU = "ou-ab12-11111111";
const ouArn = `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/${OU}`;
const allowList = (n: number) => ({
  id: `p-allowlist${n}`,
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-allowlist${n}`,
  name: `AllowList${n}`,
  document: doc({ Effect: "Allow", Action: ["s3:*", "organizations:*"], Resource: "*" }),
});

/** Dev's CI role under an OU holding `count` allow-lists. */
const dev = (count: number) =>
  devCi({
    ...organizationWith(),
    scpLevels: [
      { targetId: "r-ab12", policies: [full!] },
      { targetId: OU, policies: Array.from({ length: count }, (_, i) => allowList(i + 1)) },
      { targetId: DEV, policies: [full!] },
    ],
  } as Snapshot["organization"]);
const pathOf = async (count: number, statement: object) =>
  (await deployPath(dev(count), delegatingToDev(statement))).path;
const ATTACH = { Action: "organizations:AttachPolicy", Resource: [full!.arn, ouArn] };

test("attaching FullAWSAccess to an OU already holding five SCPs does not lift its block", async () => {
  const path = await pathOf(5, ATTACH);
  assert.deepEqual(path.blockedBy, ["no SCP allows sts:AssumeRole"]);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("one that may first detach one of the five lifts it by both calls", async () => {
  const path = await pathOf(5, {
    Action: ["organizations:AttachPolicy", "organizations:DetachPolicy"],
    Resource: [full!.arn, ouArn, allowList(3).arn],
  });
  assert.equal(path.liftsBlock, "organizations:DetachPolicy, organizations:AttachPolicy");
  assert.equal(path.severity, "high");
});

test("an OU holding four SCPs still takes FullAWSAccess by the attach alone", async () => {
  const path = await pathOf(4, ATTACH);
  assert.equal(path.liftsBlock, "organizations:AttachPolicy");
  assert.equal(path.severity, "high");
});
