import assert from "node:assert/strict";
import { test } from "node:test";
import type { Organization } from "../../../../core/engine/snapshot/model.js";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { run, trustDoc } from "./fixture.js";

/**
 * `${aws:ResourceOrgID}` is the organization of the role's account
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid):
 * when the snapshot names it, a condition pinning the caller's organization to it keeps out every
 * principal of another organization, as naming the id itself does.
 */
const ORG = "o-abc123defg";
const organization = (rcp?: object): Organization => ({
  id: ORG,
  managementAccountId: "999999999999",
  scpLevels: [],
  ...(rcp
    ? {
        rcpLevels: [
          {
            targetId: "r-root",
            policies: [
              {
                id: "p-rcp",
                arn: `arn:aws:organizations::999999999999:policy/${ORG}/resource_control_policy/p-rcp`,
                name: "Perimeter",
                document: doc(rcp),
              },
            ],
          },
        ],
      }
    : {}),
});
const trustKinds = (trustPolicy: unknown, org?: Organization) =>
  run(snapshotWith({ roles: [role("r", { trustPolicy })], ...(org ? { organization: org } : {}) }))
    .filter((f) => f.kind.startsWith("trust-"))
    .map((f) => `${f.kind} ${f.severity}`);

const OWN_ORGANIZATION = { StringEquals: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" } };

test("a trust open to the principals of the role's own organization lets no outsider in", () => {
  assert.deepEqual(trustKinds(trustDoc({ AWS: "*" }, OWN_ORGANIZATION), organization()), []);
  assert.deepEqual(
    trustKinds(trustDoc({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": ORG } }), organization()),
    [],
  );
});

test("an account named beside a condition on the role's own organization is not trusted without one", () => {
  assert.deepEqual(trustKinds(trustDoc({ AWS: "999988887777" }, OWN_ORGANIZATION), organization()), []);
});

test("an RCP perimeter on the role's own organization closes a role that trusts anyone", () => {
  const perimeter = organization({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:*",
    Resource: "*",
    Condition: {
      StringNotEqualsIfExists: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" },
      BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
    },
  });
  assert.deepEqual(trustKinds(trustDoc({ AWS: "*" }), perimeter), []);
});

test("without the organization's id, the condition stays undecided and the trust conditional", () => {
  assert.deepEqual(trustKinds(trustDoc({ AWS: "*" }, OWN_ORGANIZATION)), ["trust-any-principal high"]);
});

test("a negated condition on the role's own organization lets every other organization in", () => {
  assert.deepEqual(
    trustKinds(
      trustDoc({ AWS: "*" }, { StringNotEquals: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" } }),
      organization(),
    ),
    ["trust-any-principal critical"],
  );
});
