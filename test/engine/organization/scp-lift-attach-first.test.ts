import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { delegatingToDev, deployPath, devCi } from "./lift-fixture.js";
import { DEV, organizationWith } from "./org-fixture.js";

/**
 * Every root, OU and account must keep an SCP, so one that holds the blocking SCP alone keeps it
 * until another is attached: a caller that may attach FullAWSAccess there first, then detach the
 * blocking one, lifts it all the same.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 */
const { scpLevels } = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const [full, guard] = scpLevels[1]!.policies;

/** Dev's CI role, its OU holding the guard alone (the guard allowing all else). */
const dev = () =>
  devCi({
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
  } as Snapshot["organization"]);
const delegating = (...Action: string[]) => delegatingToDev({ Action, Resource: "*" });
const pathOf = async (delegation: PolicyDelegation) => (await deployPath(dev(), delegation)).path;

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
