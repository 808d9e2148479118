import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { profileEscalation } from "./instance-profile-admin.js";

// Creating an Auto Scaling group with a launch template needs, beside autoscaling:CreateAutoScalingGroup,
// "iam:PassRole ... [when] a launch template that specifies an instance profile ... is provided" and
// "ec2:RunInstances – To launch instances when a launch template is provided": without the caller's
// own ec2:RunInstances the group is refused, and no instance runs as the profile's role.
// https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html
// https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-launch-template-permissions.html
const TEMPLATE_GROUP = ["iam:PassRole", "ec2:CreateLaunchTemplate", "autoscaling:CreateAutoScalingGroup"];

test("a group from a launch template with a privileged profile is no path without ec2:RunInstances", () => {
  assert.equal(profileEscalation(TEMPLATE_GROUP), undefined);
});

test("with ec2:RunInstances the group from a launch template is a certain path", () => {
  const finding = profileEscalation([...TEMPLATE_GROUP, "ec2:RunInstances"]);
  assert.ok(pathIds(finding).includes("whittle-autoscaling-launch-template"), pathIds(finding).join(", "));
  assert.equal(finding?.severity, "high");
});
