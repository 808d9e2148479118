import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { delegatingToDev, deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith } from "./org-fixture.js";

/**
 * A request needs an SCP Allow at every level of the account's path, so an OU whose allow-list
 * leaves sts:AssumeRole out blocks it though no SCP denies it. A caller that may attach
 * FullAWSAccess to that OU, or rewrite its allow-list, lifts the block as surely as one that may
 * rewrite a denying SCP.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 */
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const [full, guard] = scpLevels[1]!.policies;
const OU = "ou-ab12-11111111";
const ouArn = `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/${OU}`;
const allowList = {
  id: "p-allowlist",
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-allowlist`,
  name: "AllowList",
  document: doc({ Effect: "Allow", Action: ["s3:*", "organizations:*"], Resource: "*" }),
};

/** Dev's CI role under an OU holding only the allow-list; its account holds `account`. */
const dev = (account = [full!]) =>
  devCi({
    ...organizationWith(),
    scpLevels: [
      { targetId: "r-ab12", policies: [full!] },
      { targetId: OU, policies: [allowList] },
      { targetId: DEV, policies: account },
    ],
  } as Snapshot["organization"]);
const pathOf = async (statement: object, snapshot: Snapshot = dev()) =>
  (await deployPath(snapshot, delegatingToDev(statement))).path;

test("a path no SCP allows stays blocked for a caller that may change no SCP", async () => {
  const path = await pathOf({ Action: "organizations:Describe*", Resource: "*" });
  assert.deepEqual(path.blockedBy, ["no SCP allows sts:AssumeRole"]);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("a caller that may attach FullAWSAccess to the OU lifts its allow-list's block", async () => {
  const path = await pathOf({ Action: "organizations:AttachPolicy", Resource: "*" });
  assert.equal(path.liftsBlock, "organizations:AttachPolicy");
  assert.equal(path.severity, "high");
  assert.match(path.title, /which it may lift itself \(organizations:AttachPolicy\)/);
});

test("a caller that may rewrite the OU's allow-list lifts its block", async () => {
  const path = await pathOf({ Action: "organizations:UpdatePolicy", Resource: allowList.arn });
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.severity, "high");
});

test("attaching FullAWSAccess to the account alone leaves the OU's allow-list blocking", async () => {
  const accountArn = `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${DEV}`;
  const path = await pathOf({ Action: "organizations:AttachPolicy", Resource: [full!.arn, accountArn] });
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("an attach that hangs on a condition lifts the block as maybe", async () => {
  const path = await pathOf({
    Action: "organizations:AttachPolicy",
    Resource: [full!.arn, ouArn],
    Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  });
  assert.equal(path.liftsBlock, "organizations:AttachPolicy");
  assert.equal(path.severity, "medium");
});

test("a denying SCP and an allow-list are lifted together, each by its own call", async () => {
  const path = await pathOf(
    {
      Action: ["organizations:UpdatePolicy", "organizations:AttachPolicy"],
      Resource: [guard!.arn, full!.arn, ouArn],
    },
    dev([full!, guard!]),
  );
  assert.deepEqual(path.blockedBy, [guard!.arn]);
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy, organizations:AttachPolicy");
  assert.equal(path.severity, "high");
});
