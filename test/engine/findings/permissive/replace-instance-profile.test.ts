import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

// ReplaceIamInstanceProfileAssociation "replaces an IAM instance profile for the specified running
// instance", as AssociateIamInstanceProfile gives one to an instance without: with iam:PassRole on
// the new profile's role ("attach an IAM role to an instance, replace the IAM role for an
// instance"), code on an instance the caller runs acts as that role.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceIamInstanceProfileAssociation.html
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html
const nodeAdmin = role("node-admin", {
  trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
  inlinePolicies: [{ name: "admin", document: ADMIN }],
  instanceProfiles: [
    { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" },
  ],
});

const escalation = (actions: string[]) => {
  const dev = user("dev", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
  });
  return findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  )[0];
};

test("replacing an own instance's profile with a privileged one is a certain path", () => {
  const finding = escalation(["iam:PassRole", "ec2:ReplaceIamInstanceProfileAssociation"]);
  assert.deepEqual(pathIds(finding), ["whittle-ec2-replace-profile"]);
  assert.equal(finding?.severity, "high");
});

test("without iam:PassRole the profile cannot be replaced: no path", () => {
  assert.equal(escalation(["ec2:ReplaceIamInstanceProfileAssociation"]), undefined);
});
