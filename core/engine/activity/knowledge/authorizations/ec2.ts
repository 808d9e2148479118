import type { ServiceAuthorizations } from "./types.js";

// RunInstances lists ssm:GetParameters among its dependent actions: the image may be named by a parameter.
const SSM_AMI = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";
const TAG_ON_CREATE =
  "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html";

/**
 * Calls that create EC2 resources and may tag them as they do (`TagSpecifications`, which CloudTrail
 * writes as `tagSpecificationSet`): EC2 then also authorizes ec2:CreateTags, and no CreateTags event
 * is recorded. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
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
  parameter: "tagSpecificationSet",
  add: [{ action: "ec2:CreateTags" }],
  why: "tags set on the new resources are authorized as ec2:CreateTags",
  source: TAG_ON_CREATE,
};

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
          ]
        : [tagOnCreate],
    why: "creates resources it may tag",
    source: TAG_ON_CREATE,
  })),
};
