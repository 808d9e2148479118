import assert from "node:assert/strict";
import { test } from "node:test";
import { proposedPermissions, proveCoversObserved } from "../../../core/engine/generate/proof.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { doc, input, principal } from "../../helpers/policies.js";

// A call today's policies allow only under a condition the trail cannot decide is covered when the
// same condition lets it through the proposed ones: not when the proposed grant names the call's
// resource only through a policy variable (which resolves to the caller's own name, not the key it
// read: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), nor
// when a proposed Deny today's policies lack may refuse it.
const TEAM = { StringEquals: { "aws:PrincipalTag/team": "data" } };
const ENV = { StringEquals: { "aws:PrincipalTag/env": "prod" } };
const current = principal([
  input(
    "today",
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: TEAM }),
  ),
]);
const call = {
  action: "s3:GetObject",
  resource: "arn:aws:s3:::b/shared/report.csv",
  context: { region: "us-east-1" },
};
const proposal = (...Statement: object[]) => proposalOver(current, ...Statement);
function proposalOver(today: typeof current, ...Statement: object[]) {
  return proposedPermissions(today, [{ Version: "2012-10-17", Statement } as PolicyDocument]);
}
const grant = (Resource: string) => ({ Effect: "Allow", Action: "s3:GetObject", Resource, Condition: TEAM });

test("a conditional call stays covered by a grant of the same condition on its resource", () => {
  assert.deepEqual(
    proveCoversObserved(current, proposal(grant("arn:aws:s3:::b/shared/*")), [call]).violations,
    [],
  );
});

test("a conditional call is not covered by a grant naming its resource only through a policy variable", () => {
  const proposed = proposal(grant("arn:aws:s3:::b/${aws:username}/*"));
  assert.equal(proveCoversObserved(current, proposed, [call]).ok, false);
});

test("a conditional call is not covered when a Deny today's policies lack may refuse it", () => {
  const deny = { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: ENV };
  const proposed = proposal(grant("arn:aws:s3:::b/*"), deny);
  assert.equal(proveCoversObserved(current, proposed, [call]).ok, false);
});

test("a call today's grant names through a policy variable stays covered by that very grant", () => {
  const home = "arn:aws:s3:::b/${aws:username}/*";
  const today = principal([
    input("today", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: home, Condition: TEAM })),
  ]);
  assert.deepEqual(proveCoversObserved(today, proposalOver(today, grant(home)), [call]).violations, []);
});
