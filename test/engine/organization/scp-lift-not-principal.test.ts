import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { deployPath } from "./lift-fixture.js";
import { DEV, organizationWith, roleIn, trusting } from "./org-fixture.js";

/**
 * A Deny of the delegation policy with NotPrincipal spares only whom it names, and as AWS reads it:
 * it always denies a principal with a permissions boundary, and one named without its account may
 * be denied with the whole account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
const CI = `arn:aws:iam::${DEV}:role/CI`;
const BOUNDARY = `arn:aws:iam::${DEV}:policy/boundary`;

/** Dev's CI role, an administrator under an SCP denying sts:AssumeRole, with a boundary allowing all if `bounded`. */
const dev = (bounded: boolean) =>
  snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "CI", ADMIN, trusting(`arn:aws:iam::${DEV}:root`), {
        ...(bounded ? { permissionsBoundaryArn: BOUNDARY } : {}),
      }),
    ],
    managedPolicies: {
      [BOUNDARY]: {
        arn: BOUNDARY,
        name: "boundary",
        isAwsManaged: false,
        defaultVersionId: "v1",
        document: ADMIN,
      },
    },
    organization: organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }),
  });
/** Dev may rewrite any policy; everyone but `spared` is denied it. */
const delegation = (...spared: string[]): PolicyDelegation => ({
  document: doc(
    {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DEV}:root` },
      Action: "organizations:UpdatePolicy",
      Resource: "*",
    },
    { Effect: "Deny", NotPrincipal: { AWS: spared }, Action: "organizations:UpdatePolicy", Resource: "*" },
  ),
});

const pathOf = async (snapshot: Snapshot, policy: PolicyDelegation) =>
  (await deployPath(snapshot, policy)).path;

test("a Deny with NotPrincipal naming the caller's account spares it, unless it has a permissions boundary", async () => {
  const spared = await pathOf(dev(false), delegation(`arn:aws:iam::${DEV}:root`, CI));
  assert.equal(spared.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(spared.severity, "high");
  const bounded = await pathOf(dev(true), delegation(`arn:aws:iam::${DEV}:root`, CI));
  assert.equal(bounded.liftsBlock, undefined);
  assert.equal(bounded.severity, "low");
});

test("a Deny with NotPrincipal naming the caller's role without its account may deny it", async () => {
  const path = await pathOf(dev(false), delegation(CI));
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.certainty, "maybe");
  assert.equal(path.severity, "medium");
});
