import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A user that may put a policy on itself gives itself sts:AssumeRole whether or not the policy it
 * writes makes it an administrator: an inline policy takes effect once put, and its permissions
 * boundary then caps it, not a way to stop it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
const ALICE = `arn:aws:iam::${DEV}:user/alice`;
const FENCE = `arn:aws:iam::${DEV}:policy/fence`;
const PUT = { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: ALICE };

/** Production's Deploy, an administrator, trusts the whole dev account. */
const prod = snapshotWith({
  accountId: PROD,
  roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:root`))],
});

const TOOLS = `arn:aws:iam::${DEV}:policy/alice-tools`;

const managed = (arn: string, statements: object[]) => ({
  [arn]: {
    arn,
    name: arn.split("/").pop()!,
    isAwsManaged: false,
    defaultVersionId: "v1",
    document: doc(...statements),
  },
});

/** Dev's alice with `statements` as her policy, a boundary of `fence` and her managed policy of `tools` where given. */
const dev = (statements: object[], fence?: object[], tools?: object[]) =>
  snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: ALICE,
        inlinePolicies: [{ name: "inline", document: doc(...statements) }],
        ...(fence ? { permissionsBoundaryArn: FENCE } : {}),
        ...(tools ? { attachedPolicyArns: [TOOLS] } : {}),
      }),
    ],
    managedPolicies: { ...(fence ? managed(FENCE, fence) : {}), ...(tools ? managed(TOOLS, tools) : {}) },
  });

const aliceToDeploy = (...snapshots: Snapshot[]): CrossAccountPath | undefined =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  ).find((p) => p.from.principalArn === ALICE);

test("a user whose boundary leaves it sts:AssumeRole surely reaches the role by the policy it puts on itself", () => {
  const fence = [{ Effect: "Allow", Action: ["iam:PutUserPolicy", "sts:AssumeRole"], Resource: "*" }];
  const path = aliceToDeploy(prod, dev([PUT], fence));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:PutUserPolicy");
  // A boundary without sts:AssumeRole still stops it.
  assert.equal(
    aliceToDeploy(prod, dev([PUT], [{ Effect: "Allow", Action: "iam:*", Resource: "*" }])),
    undefined,
  );
});

test("a user that may put a policy on itself only under a condition reaches the role conditionally", () => {
  const withMfa = { ...PUT, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } };
  const path = aliceToDeploy(prod, dev([withMfa]));
  assert.equal(path?.certainty, "maybe");
  assert.equal(path?.selfGrant, "iam:PutUserPolicy");
});

test("a user that may give its own managed policy a new default version reaches the role within its boundary", () => {
  const tools = [
    { Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: TOOLS },
    // Gone once the new version replaces the document.
    { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" },
  ];
  const fence = [{ Effect: "Allow", Action: ["iam:CreatePolicyVersion", "sts:AssumeRole"], Resource: "*" }];
  const path = aliceToDeploy(prod, dev([], fence, tools));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:CreatePolicyVersion");
});
