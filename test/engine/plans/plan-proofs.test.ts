import assert from "node:assert/strict";
import { test } from "node:test";
import type { PlanProof } from "../../../core/engine/plans/prove.js";
import { catalog } from "../../helpers/catalog.js";
import { arn, managed, planFor, READ_OBJECT, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const shared = arn("policy", "shared");
const snapshot = snapshotWith({
  roles: [role("app", { attachedPolicyArns: [shared], inlinePolicies: [{ name: "all", document: S3_ALL }] })],
  managedPolicies: { [shared]: managed("shared", S3_ALL) },
});
const app = arn("role", "app");
const observed = { [app]: [used("s3:GetObject", "arn:aws:s3:::a/x")] };
const policies = [{ name: "whittle-app", document: READ_OBJECT }];
/** A proof that fails: taken as the plan's, it makes the plan unproven. */
const failing = (removed: string[]): PlanProof => ({
  principalArn: app,
  withinCurrent: false,
  coversObserved: true,
  violations: ["made up"],
  removedActions: catalog.emptySet(),
  removed,
});

test("a plan takes the proof made with its recommendation when it removes the same sources", () => {
  const proof = failing([shared, `${app}#inline/all`]);
  const { plans, failures } = planFor(snapshot, observed, [
    { principalArn: app, policies, planProof: proof },
  ]);
  assert.equal(plans.length, 0);
  assert.deepEqual(failures[0]?.violations, ["app: made up"]);
});

test("a plan proves the change itself when the recommendation's proof removed other sources", () => {
  const own = planFor(snapshot, observed, [{ principalArn: app, policies }]);
  assert.equal(own.plans.length, 1);
  for (const removed of [[shared], [shared, `${app}#inline/other`], [shared, `${app}#inline/all`, "x"]])
    assert.deepEqual(
      planFor(snapshot, observed, [{ principalArn: app, policies, planProof: failing(removed) }]),
      own,
    );
});
