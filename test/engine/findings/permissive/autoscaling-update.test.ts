import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { profileEscalation } from "./instance-profile-admin.js";

// A launch configuration names an instance profile and the user data its instances run at boot;
// creating one with a profile is iam:PassRole on the profile's role. UpdateAutoScalingGroup moves a
// group that already exists to "the name of the launch configuration" given, and its DesiredCapacity
// launches instances from it: the caller's user data runs as the privileged role, with no
// autoscaling:CreateAutoScalingGroup.
// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html
// https://docs.aws.amazon.com/autoscaling/ec2/userguide/us-iam-role.html
test("an existing Auto Scaling group moved to a launch configuration with a privileged profile is a certain path", () => {
  const finding = profileEscalation([
    "iam:PassRole",
    "autoscaling:CreateLaunchConfiguration",
    "autoscaling:UpdateAutoScalingGroup",
  ]);
  assert.deepEqual(pathIds(finding), ["whittle-autoscaling-update-launch-configuration"]);
  assert.equal(finding?.severity, "high");
});

test("without iam:PassRole the launch configuration cannot name the profile: no path", () => {
  assert.equal(
    profileEscalation(["autoscaling:CreateLaunchConfiguration", "autoscaling:UpdateAutoScalingGroup"]),
    undefined,
  );
});
