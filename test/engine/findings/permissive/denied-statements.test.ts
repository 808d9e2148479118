import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// AWSDenyAll, the AWS managed policy incident responders attach to quarantine a principal: an
// explicit Deny of every action on every resource, which overrides any Allow.
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSDenyAll.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
const DENY_ALL = { Sid: "DenyAll", Effect: "Deny", Action: ["*"], Resource: "*" };

const NOT_ACTION = { Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" };
const NOT_RESOURCE = { Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::audit-logs/*" };

function findingsFor(...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(...statements) }] });
  return { dev, findings: run(snapshotWith({ users: [dev] })) };
}

test("an Allow with NotAction that a Deny of everything leaves nothing of is not reported", () => {
  const { dev, findings } = findingsFor(NOT_ACTION, DENY_ALL);
  assert.deepEqual(findingsOf(findings, "not-action-allow", dev.arn), []);
});

test("an Allow with NotResource that a Deny of everything leaves nothing of is not reported", () => {
  const { dev, findings } = findingsFor(NOT_RESOURCE, DENY_ALL);
  assert.deepEqual(findingsOf(findings, "not-resource-allow", dev.arn), []);
});

test("the same statements without the Deny are reported", () => {
  const { dev, findings } = findingsFor(NOT_ACTION, NOT_RESOURCE);
  assert.equal(findingsOf(findings, "not-action-allow", dev.arn).length, 1);
  assert.equal(findingsOf(findings, "not-resource-allow", dev.arn).length, 1);
});

test("a Deny of part of what NotResource allows leaves it reported", () => {
  const { dev, findings } = findingsFor(NOT_RESOURCE, {
    Effect: "Deny",
    Action: "s3:Delete*",
    Resource: "*",
  });
  assert.equal(findingsOf(findings, "not-resource-allow", dev.arn).length, 1);
});
