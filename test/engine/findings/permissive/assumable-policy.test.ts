import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * iam:CreatePolicyVersion on a customer managed policy attached to a role the caller can assume:
 * the caller writes a new default version granting anything, then assumes the role
 * (pathfinding.cloud iam-016). Neither step needs the role to be more privileged today.
 */
const LIST = doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" });
const versions = (resource: string, extra: object = {}) =>
  doc({ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: resource, ...extra });
const escalation = (snapshot: Parameters<typeof run>[0], arn: string) =>
  findingsOf(run(snapshot), "privilege-escalation", arn)[0];

describe("privilege-escalation through the policy of an assumable role", () => {
  test("a new version of the policy of a role whose trust names the caller is a path", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions(policyArn("app")) }] });
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: dev.arn }),
      attachedPolicyArns: [policyArn("app")],
    });
    const finding = escalation(
      snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("app", LIST) }),
      dev.arn,
    );
    assert.deepEqual(pathIds(finding), ["iam-016"]);
    assert.equal(finding?.severity, "high");
  });

  test("switching the role's policy to another version is a path, as for the caller's own policy", () => {
    const rollback = doc({
      Effect: "Allow",
      Action: "iam:SetDefaultPolicyVersion",
      Resource: policyArn("app"),
    });
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: rollback }] });
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: dev.arn }),
      attachedPolicyArns: [policyArn("app")],
    });
    const finding = escalation(
      snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("app", LIST) }),
      dev.arn,
    );
    assert.deepEqual(pathIds(finding), ["whittle-assumable-policy-version-rollback"]);
    assert.equal(finding?.severity, "high");
  });

  test("a role reached through another role counts too", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions(policyArn("app")) }] });
    const hop = role("hop", { trustPolicy: trustDoc({ AWS: dev.arn }) });
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: hop.arn }),
      attachedPolicyArns: [policyArn("app")],
    });
    const snapshot = snapshotWith({ users: [dev], roles: [hop, app], managedPolicies: managed("app", LIST) });
    assert.deepEqual(pathIds(escalation(snapshot, dev.arn)), ["iam-016"]);
  });

  test("a trust policy under a condition makes the path conditional", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions(policyArn("app")) }] });
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: dev.arn }, { Bool: { "aws:MultiFactorAuthPresent": "true" } }),
      attachedPolicyArns: [policyArn("app")],
    });
    const finding = escalation(
      snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("app", LIST) }),
      dev.arn,
    );
    assert.deepEqual(pathIds(finding), ["iam-016"]);
    assert.equal(finding?.severity, "medium");
  });

  test("a role assumable without a condition makes it certain, after many that need one", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions("*") }] });
    const mfa = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
    const guarded = [1, 2, 3, 4, 5, 6].map((i) =>
      role(`guarded-${i}`, {
        trustPolicy: trustDoc({ AWS: dev.arn }, mfa),
        attachedPolicyArns: [policyArn(`p${i}`)],
      }),
    );
    const open = role("open", {
      trustPolicy: trustDoc({ AWS: dev.arn }),
      attachedPolicyArns: [policyArn("p0")],
    });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [...guarded, open],
      managedPolicies: Object.assign({}, ...[0, 1, 2, 3, 4, 5, 6].map((i) => managed(`p${i}`, LIST))),
    });
    const finding = escalation(snapshot, dev.arn);
    assert.ok(pathIds(finding).includes("iam-016"));
    assert.equal(finding?.severity, "high");
  });

  test("the policy of a role the caller cannot assume is a grant to that role, not a path through it", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions(policyArn("app")) }] });
    const app = role("app", {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      attachedPolicyArns: [policyArn("app")],
    });
    const snapshot = snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("app", LIST) });
    assert.deepEqual(pathIds(escalation(snapshot, dev.arn)), ["whittle-attached-policy-version"]);
  });

  test("CreatePolicyVersion on other policies than the role's is not a path", () => {
    const dev = user("dev", { inlinePolicies: [{ name: "v", document: versions(policyArn("other")) }] });
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: dev.arn }),
      attachedPolicyArns: [policyArn("app")],
    });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [app],
      managedPolicies: { ...managed("app", LIST), ...managed("other", LIST) },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });
});
