import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import { doc } from "../../helpers/policies.js";
import { deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith } from "./org-fixture.js";

/**
 * The keys of an Organizations request as the delegation policy's conditions read them: those of
 * the request that the snapshot cannot tell (the resource's account and organization, whether it
 * goes through a service, when the caller's session was issued) are undecided rather than absent,
 * and the region is the one endpoint of the partition (US East (N. Virginia) for commercial
 * organizations).
 * https://docs.aws.amazon.com/organizations/latest/userguide/region-support.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */

const dev = () => devCi(organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }));
const REWRITE = {
  Principal: { AWS: `arn:aws:iam::${DEV}:root` },
  Action: "organizations:UpdatePolicy",
  Resource: "*",
};
const pathOf = async (...statements: object[]) => {
  const delegation: PolicyDelegation = { document: doc(...statements) };
  return (await deployPath(dev(), delegation)).path;
};

test("a delegation allowing the rewrite on keys the snapshot cannot tell makes the lift a condition", async () => {
  for (const Condition of [
    { StringEquals: { "aws:ResourceOrgID": ORG_ID } },
    { StringEquals: { "aws:ResourceAccount": MANAGEMENT } },
    { Bool: { "aws:ViaAWSService": "false" } },
    { DateGreaterThan: { "aws:TokenIssueTime": "2025-01-01T00:00:00Z" } },
  ]) {
    const path = await pathOf({ Effect: "Allow", ...REWRITE, Condition });
    assert.equal(path.liftsBlock, "organizations:UpdatePolicy", JSON.stringify(Condition));
    assert.equal(path.severity, "medium");
  }
});

test("the rewrite is made in US East (N. Virginia), whatever region the caller names", async () => {
  const allowed = await pathOf({
    Effect: "Allow",
    ...REWRITE,
    Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
  });
  assert.equal(allowed.severity, "high");
  const denied = await pathOf(
    { Effect: "Allow", ...REWRITE },
    { Effect: "Deny", ...REWRITE, Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } } },
  );
  assert.equal(denied.liftsBlock, undefined);
  assert.equal(denied.severity, "low");
});
