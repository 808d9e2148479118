import type { Need, ParameterRule } from "./types.js";

const LAUNCH_TEMPLATE = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-launch-templates.html";
const AUTO_SCALING =
  "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html";
const EC2_FLEET = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-fleet-prerequisites.html";

/**
 * What launching from a launch template may need besides the call: a record names the template
 * only ({launchTemplateId, version}), not the tag specifications (ec2:CreateTags), the image given
 * as resolve:ssm: (ssm:GetParameters) or the instance profile (iam:PassRole on its role) the
 * template holds. Each is inferred: kept where granted today, on what it is granted on, never added.
 */
const TEMPLATE_MAY_NEED: readonly Need[] = [
  { action: "ec2:CreateTags", inferred: true },
  { action: "ssm:GetParameters", inferred: true },
  { action: "iam:PassRole", inferred: true },
];

/** A launch template named at `parameter` (a key, or keys joined by dots into nested objects). */
export const fromTemplate = (parameter: string, source = LAUNCH_TEMPLATE): ParameterRule => ({
  parameter,
  add: TEMPLATE_MAY_NEED,
  why: "a launch template may tag what it launches, name its image by a parameter and hold an instance profile",
  source,
});

/**
 * An EC2 Fleet of type instant launches under the caller's identity, not the fleet's
 * service-linked role, so ec2:RunInstances may be checked on the caller; the documentation does
 * not settle it for the other types, so it is inferred as the template's needs are.
 */
export const fleetFromTemplates = (parameter: string): ParameterRule => ({
  ...fromTemplate(parameter, EC2_FLEET),
  add: [{ action: "ec2:RunInstances", inferred: true }, ...TEMPLATE_MAY_NEED],
  why: "a fleet launches from its launch templates, maybe under the caller's identity",
});

/**
 * Auto Scaling checks the caller's ec2:RunInstances when a group is created or updated with a
 * launch template (directly or in a mixed instances policy), and launches later under its own
 * service-linked role: the template's tags, image and instance profile may be checked on the
 * caller too (ec2:CreateTags and iam:PassRole are documented, ssm:GetParameters is not and is kept
 * on the safe side).
 */
export const groupFromTemplate = (parameter: string): ParameterRule => ({
  parameter,
  add: [{ action: "ec2:RunInstances" }, ...TEMPLATE_MAY_NEED],
  why: "a group created or updated with a launch template needs ec2:RunInstances, and what the template holds",
  source: AUTO_SCALING,
});
