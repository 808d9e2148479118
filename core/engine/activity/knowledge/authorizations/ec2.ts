import type { ServiceAuthorizations } from "./types.js";

// RunInstances lists ssm:GetParameters among its dependent actions: the image may be named by a parameter.
const SSM_AMI = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";
const LAUNCH_TEMPLATE = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-launch-templates.html";
const TAG_ON_CREATE =
  "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html";

/**
 * Calls that create EC2 resources and may tag them as they do: EC2 then also authorizes
 * ec2:CreateTags, and no CreateTags event is recorded. CloudTrail writes the tags in two shapes:
 * older calls as `tagSpecificationSet: {items: [{resourceType, tags}]}`, Query-API ones inside
 * `<Call>Request` as the request's XML turned into JSON (`TagSpecification: {ResourceType, tag: 1,
 * Tag: {Key, Value}}`, lists of them, numbered keys): the rule reads tags in any shape. Creating
 * calls not listed here (CreateLaunchTemplate, CreateTransitGateway, CreateVpcEndpoint...) keep
 * ec2:CreateTags by the general tags-at-creation rule, which reads tags the same way.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
 */
const CREATING = [
  "AllocateAddress",
  "CopyImage",
  "CopySnapshot",
  "CreateFleet",
  "CreateImage",
  "CreateInternetGateway",
  "CreateKeyPair",
  "CreateNatGateway",
  "CreateNetworkInterface",
  "CreateRouteTable",
  "CreateSecurityGroup",
  "CreateSnapshot",
  "CreateSnapshots",
  "CreateSubnet",
  "CreateVolume",
  "CreateVpc",
  "ImportKeyPair",
  "RunInstances",
];

const tagOnCreate = {
  anyTags: true,
  add: [{ action: "ec2:CreateTags" }],
  why: "tags set on the new resources are authorized as ec2:CreateTags",
  source: TAG_ON_CREATE,
} as const;

export const EC2_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ec2",
  events: CREATING.map((event) => ({
    event,
    rules:
      event === "RunInstances"
        ? [
            tagOnCreate,
            {
              parameter: "instancesSet.items.imageId",
              matches: /^resolve:ssm:/,
              add: [{ action: "ssm:GetParameters" }],
              why: "an AMI named by a Systems Manager parameter is read from it under the caller's identity",
              source: SSM_AMI,
            },
            {
              // The record names the template only ({launchTemplateId, version}): its tags and an
              // image given as resolve:ssm: are not in it, so the call may have needed either.
              parameter: "launchTemplate",
              add: [
                { action: "ec2:CreateTags", inferred: true },
                { action: "ssm:GetParameters", inferred: true },
              ],
              why: "a launch template may tag the new resources and name its image by a Systems Manager parameter",
              source: LAUNCH_TEMPLATE,
            },
          ]
        : [tagOnCreate],
    why: "creates resources it may tag",
    source: TAG_ON_CREATE,
  })),
};
