import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * A new default version of a customer managed policy "becomes the version that is in effect for the
 * IAM users, groups, and roles that the policy is attached to", and switching the default "affects
 * all users, groups, and roles that the policy is attached to": versioning a policy attached to
 * another principal grants that principal anything, as attaching a policy to it would (iam-008…010).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 */
const READ = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
const policies = {
  ...managed("read", doc(READ)),
  ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
};
const caller = (...statements: object[]) =>
  user("dev", { inlinePolicies: [{ name: "work", document: doc(READ, ...statements) }] });
const escalation = (parts: Parameters<typeof snapshotWith>[0]) =>
  findingsOf(
    run(snapshotWith({ managedPolicies: policies, ...parts })),
    "privilege-escalation",
    caller().arn,
  )[0];

describe("privilege-escalation through a new version of a policy attached to another principal", () => {
  test("versioning the policy of a user whose access key the caller creates is a path to administrator", () => {
    // ops holds no more than dev today: the new version makes it an administrator.
    const ops = user("ops", { attachedPolicyArns: [policyArn("read")] });
    const dev = caller(
      { Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: policyArn("read") },
      { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: ops.arn },
    );
    const finding = escalation({ users: [dev, ops] });
    assert.ok(finding, "dev versions ops's policy to grant *, then signs in with a key of ops");
    assert.deepEqual(pathIds(finding), ["whittle-attached-policy-version"]);
    assert.deepEqual(
      (finding.evidence.paths as { certainty: string }[]).map((p) => p.certainty),
      ["yes"],
    );
    assert.equal(finding.severity, "high");
  });

  test("versioning the policy of a role the caller cannot assume is a path, as attaching one to it is", () => {
    const worker = role("worker", {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      attachedPolicyArns: [policyArn("read")],
    });
    const dev = caller({ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: policyArn("read") });
    assert.deepEqual(pathIds(escalation({ users: [dev], roles: [worker] })), [
      "whittle-attached-policy-version",
    ]);
  });

  test("switching the default version of another principal's policy is a path", () => {
    const ops = user("ops", { attachedPolicyArns: [policyArn("read")] });
    const dev = caller({
      Effect: "Allow",
      Action: "iam:SetDefaultPolicyVersion",
      Resource: policyArn("read"),
    });
    assert.deepEqual(pathIds(escalation({ users: [dev, ops] })), ["whittle-attached-policy-rollback"]);
  });

  test("a policy attached to no one, or only to principals a boundary caps, is no path", () => {
    const versions = { Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: policyArn("read") };
    assert.equal(escalation({ users: [caller(versions)] }), undefined);
    const capped = user("ops", {
      attachedPolicyArns: [policyArn("read")],
      permissionsBoundaryArn: policyArn("read"),
    });
    assert.equal(escalation({ users: [caller(versions), capped] }), undefined);
  });

  test("an AWS managed policy attached to another principal cannot be versioned", () => {
    const aws = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    const ops = user("ops", { attachedPolicyArns: [aws] });
    const dev = caller({ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: "*" });
    const managedPolicies = {
      ...policies,
      [aws]: {
        arn: aws,
        name: "AmazonS3ReadOnlyAccess",
        isAwsManaged: true,
        defaultVersionId: "v1",
        document: doc(READ),
      },
    };
    assert.equal(escalation({ users: [dev, ops], managedPolicies }), undefined);
  });
});
