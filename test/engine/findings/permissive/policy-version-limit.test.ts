import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../../../../core/engine/findings/types.js";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * A managed policy keeps at most five versions: CreatePolicyVersion on one that has five fails
 * (LimitExceeded) until one is deleted. Where the input lists a policy with five, a new version of
 * it is a step only as surely as the caller may delete one first, and the step says so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html#version-limits
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
const APP = policyArn("app");
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;

function escalation(
  actions: string[],
  versionCount: number | undefined,
  through: "own" | "role",
): Finding | undefined {
  const app = managed("app", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }));
  if (versionCount !== undefined) app[APP]!.versionCount = versionCount;
  const grant = { Effect: "Allow", Action: actions, Resource: APP };
  const dev = user("dev", {
    inlinePolicies: [{ name: "p", document: doc(grant) }],
    ...(through === "own" ? { attachedPolicyArns: [APP] } : {}),
  });
  // A role dev may assume (its trust names dev), holding the policy and more than dev.
  const ops = role("ops", {
    trustPolicy: trustDoc({ AWS: DEV }),
    attachedPolicyArns: [APP],
    inlinePolicies: [{ name: "ops", document: doc({ Effect: "Allow", Action: "ec2:*", Resource: "*" }) }],
  });
  const boss = user("boss", { inlinePolicies: [{ name: "a", document: ADMIN }] });
  const snapshot = snapshotWith({
    users: [dev, boss],
    roles: through === "role" ? [ops] : [],
    managedPolicies: app,
  });
  return findingsOf(run(snapshot), "privilege-escalation", DEV)[0];
}

type Step = { action: string; deletesVersionFirst?: string[] };
const stepsOf = (finding: Finding | undefined, id: string): Step[] =>
  ((finding?.evidence.paths ?? []) as { id: string; steps: Step[] }[]).find((p) => p.id === id)?.steps ?? [];

test("a new version of an own policy that has five already is no path", () => {
  assert.ok(!pathIds(escalation(["iam:CreatePolicyVersion"], 5, "own")).includes("iam-001"));
  assert.ok(!pathIds(escalation(["iam:CreatePolicyVersion"], 5, "role")).includes("iam-016"));
});

test("a new version of an own policy with room for one, or whose versions the input does not count, stays a path", () => {
  for (const count of [1, 4, undefined]) {
    const finding = escalation(["iam:CreatePolicyVersion"], count, "own");
    assert.ok(pathIds(finding).includes("iam-001"), String(count));
    assert.equal(stepsOf(finding, "iam-001")[0]?.deletesVersionFirst, undefined);
  }
  assert.ok(pathIds(escalation(["iam:CreatePolicyVersion"], 4, "role")).includes("iam-016"));
});

test("a caller that may delete a version first keeps the path, which names the deletion", () => {
  const finding = escalation(["iam:CreatePolicyVersion", "iam:DeletePolicyVersion"], 5, "own");
  assert.ok(pathIds(finding).includes("iam-001"));
  assert.equal(finding?.severity, "high");
  assert.deepEqual(stepsOf(finding, "iam-001")[0]?.deletesVersionFirst, [APP]);
  const throughRole = escalation(["iam:CreatePolicyVersion", "iam:DeletePolicyVersion"], 5, "role");
  assert.deepEqual(stepsOf(throughRole, "iam-016")[0]?.deletesVersionFirst, [APP]);
});
