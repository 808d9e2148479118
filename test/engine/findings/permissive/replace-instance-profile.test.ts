import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { profileEscalation } from "./instance-profile-admin.js";

// ReplaceIamInstanceProfileAssociation "replaces an IAM instance profile for the specified running
// instance", as AssociateIamInstanceProfile gives one to an instance without: with iam:PassRole on
// the new profile's role ("attach an IAM role to an instance, replace the IAM role for an
// instance"), code on an instance the caller runs acts as that role.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceIamInstanceProfileAssociation.html
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html
test("replacing an own instance's profile with a privileged one is a certain path", () => {
  const finding = profileEscalation(["iam:PassRole", "ec2:ReplaceIamInstanceProfileAssociation"]);
  assert.deepEqual(pathIds(finding), ["whittle-ec2-replace-profile"]);
  assert.equal(finding?.severity, "high");
});

test("without iam:PassRole the profile cannot be replaced: no path", () => {
  assert.equal(profileEscalation(["ec2:ReplaceIamInstanceProfileAssociation"]), undefined);
});
