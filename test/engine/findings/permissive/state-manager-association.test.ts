import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

// "When you associate a document with one or more managed nodes using IDs or tags, SSM Agent running
// on the managed node processes the document and configures the node as specified": an association
// of AWS-RunShellScript runs a command on the instance, as SendCommand does, whose credentials are
// its instance profile's role. No role is passed.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateAssociationBatch.html
function escalationPaths(action: string, instanceProfile: boolean) {
  const dev = user("dev", {
    inlinePolicies: [
      { name: "associate", document: doc({ Effect: "Allow", Action: action, Resource: "*" }) },
    ],
  });
  const nodeAdmin = role("node-admin", {
    trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
    inlinePolicies: [{ name: "admin", document: ADMIN }],
    instanceProfiles: instanceProfile
      ? [{ arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" }]
      : [],
  });
  const found = findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  );
  return { severity: found[0]?.severity, paths: found.flatMap(pathIds) };
}

test("a State Manager association on an instance whose profile is an administrator is a privilege escalation", () => {
  assert.deepEqual(escalationPaths("ssm:CreateAssociation", true), {
    severity: "high",
    paths: ["whittle-ssm-association"],
  });
  assert.deepEqual(escalationPaths("ssm:CreateAssociationBatch", true), {
    severity: "high",
    paths: ["whittle-ssm-association-batch"],
  });
});

test("an association reaches no role that is in no instance profile", () => {
  assert.deepEqual(escalationPaths("ssm:CreateAssociation", false), { severity: undefined, paths: [] });
});

// UpdateAssociation rewrites an association the account already has: "You must specify all optional
// parameters in the call ... This includes the Name parameter" (its document), Parameters and Targets
// among them, and "When you update an association, the association immediately runs against the
// specified targets". The caller "must be granted permission to call the DescribeAssociation API
// operation" as well. So an existing association becomes AWS-RunShellScript on an instance whose
// profile is an administrator, as CreateAssociation would make one.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateAssociation.html
test("rewriting an existing association to run a command on an administrator's instance is a privilege escalation", () => {
  const paths = (actions: string[]) => {
    const dev = user("dev", {
      inlinePolicies: [
        { name: "associate", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) },
      ],
    });
    const nodeAdmin = role("node-admin", {
      trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
      inlinePolicies: [{ name: "admin", document: ADMIN }],
      instanceProfiles: [
        { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" },
      ],
    });
    const found = findingsOf(
      run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
      "privilege-escalation",
      dev.arn,
    );
    return { severity: found[0]?.severity, paths: found.flatMap(pathIds) };
  };
  assert.deepEqual(paths(["ssm:UpdateAssociation", "ssm:DescribeAssociation"]), {
    severity: "high",
    paths: ["whittle-ssm-update-association"],
  });
  // Without ssm:DescribeAssociation the update is refused.
  assert.deepEqual(paths(["ssm:UpdateAssociation"]), { severity: undefined, paths: [] });
});
