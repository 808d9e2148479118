import { groupFromTemplate } from "./launch-templates.js";
import type { ServiceAuthorizations } from "./types.js";

const PERMISSIONS =
  "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html";

const templateRules = [groupFromTemplate("launchTemplate"), groupFromTemplate("mixedInstancesPolicy")];

export const AUTOSCALING_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "autoscaling",
  events: [
    {
      event: "CreateAutoScalingGroup",
      rules: [
        ...templateRules,
        {
          // Every group names itself: the rule reads the call, not an option of it.
          parameter: "autoScalingGroupName",
          add: [{ action: "iam:CreateServiceLinkedRole", inferred: true }],
          why: "Auto Scaling's default service-linked role is created by the account's first group, which the record does not show",
          source: PERMISSIONS,
        },
      ],
      why: "a group, launched from a template or a launch configuration",
      source: PERMISSIONS,
    },
    {
      event: "UpdateAutoScalingGroup",
      rules: templateRules,
      why: "a group moved to a launch template or to another version of one",
      source: PERMISSIONS,
    },
  ],
};
