import { ebsKeys, namedEbsKey } from "./ebs-keys.js";
import { fleetFromTemplates, fromTemplate } from "./launch-templates.js";
import type { ParameterRule, ServiceAuthorizations } from "./types.js";

// RunInstances lists ssm:GetParameters among its dependent actions: the image may be named by a parameter.
const SSM_AMI = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";
const PARAMETER_IMAGE =
  "https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html";
const SPOT_FLEET = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-fleet-prerequisites.html";
const TAG_ON_CREATE =
  "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html";

/**
 * Calls that create EC2 resources and may tag them as they do: EC2 then also authorizes
 * ec2:CreateTags, and no CreateTags event is recorded. CloudTrail writes the tags in two shapes:
 * older calls as `tagSpecificationSet: {items: [{resourceType, tags}]}`, Query-API ones inside
 * `<Call>Request` as the request's XML turned into JSON (`TagSpecification: {ResourceType, tag: 1,
 * Tag: {Key, Value}}`, lists of them, numbered keys): the rule reads tags in any shape. Creating
 * calls not listed here (CreateTransitGateway, CreateVpcEndpoint...) keep
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
  "CreateLaunchTemplate",
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
  "RequestSpotFleet",
  "RunInstances",
];

const tagOnCreate = {
  anyTags: true,
  add: [{ action: "ec2:CreateTags" }],
  why: "tags set on the new resources are authorized as ec2:CreateTags",
  source: TAG_ON_CREATE,
} as const;

/** An image given as a Systems Manager parameter at `parameter`: read under the caller's identity. */
const imageParameter = (parameter: string, source: string): ParameterRule => ({
  parameter,
  matches: /^resolve:ssm:/,
  add: [{ action: "ssm:GetParameters" }],
  why: "an AMI named by a Systems Manager parameter is read from it under the caller's identity",
  source,
});

/**
 * What each creating call reads besides tags: RunInstances's image parameter, a launch template's
 * (checked when the template is written, PARAMETER_IMAGE), and the launch templates a launch names (RunInstances's launchTemplate, a fleet's template configurations, in
 * Spot Fleet's older record shape or the Query-API one).
 */
const RULES: Readonly<Record<string, readonly ParameterRule[]>> = {
  RunInstances: [
    imageParameter("instancesSet.items.imageId", SSM_AMI),
    fromTemplate("launchTemplate"),
    namedEbsKey("blockDeviceMapping.items.ebs.kmsKeyId"),
  ],
  CreateVolume: [namedEbsKey("kmsKeyId")],
  CopySnapshot: [namedEbsKey("kmsKeyId")],
  CopyImage: [namedEbsKey("kmsKeyId")],
  CreateLaunchTemplate: [
    imageParameter("CreateLaunchTemplateRequest.LaunchTemplateData.ImageId", PARAMETER_IMAGE),
  ],
  CreateFleet: [fleetFromTemplates("CreateFleetRequest.LaunchTemplateConfigs")],
  RequestSpotFleet: [
    fromTemplate("spotFleetRequestConfig.launchTemplateConfigs", SPOT_FLEET),
    fromTemplate("RequestSpotFleetRequest.SpotFleetRequestConfig.LaunchTemplateConfigs", SPOT_FLEET),
  ],
};

/** The calls that create EBS volumes, snapshots or images, encrypted under a KMS key when they are. */
const ENCRYPTING: ReadonlySet<string> = new Set([
  "RunInstances",
  "CreateVolume",
  "CopySnapshot",
  "CopyImage",
]);

/**
 * A launch template (or a new version of one) whose image is a parameter needs ssm:GetParameters
 * on it when it is written, not only when it launches: "To specify a parameter from the Parameter
 * Store in a launch template, you must have the ssm:GetParameters permission for the specified
 * parameter" (PARAMETER_IMAGE). A new version's tags keep ec2:CreateTags by the general rule.
 */
const NEW_TEMPLATE_VERSION = {
  event: "CreateLaunchTemplateVersion",
  rules: [imageParameter("CreateLaunchTemplateVersionRequest.LaunchTemplateData.ImageId", PARAMETER_IMAGE)],
  why: "a launch template version, plus the image parameter it names",
  source: PARAMETER_IMAGE,
};

export const EC2_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "ec2",
  events: [
    ...CREATING.map((event) => ({
      event,
      rules: [tagOnCreate, ...(RULES[event] ?? [])],
      why: "creates resources it may tag",
      source: TAG_ON_CREATE,
    })),
    NEW_TEMPLATE_VERSION,
  ],
  resources: (ctx) => {
    const keys = ENCRYPTING.has(ctx.event) ? ebsKeys(ctx) : [];
    return keys.length > 0 ? { target: [], kmsKey: keys } : { target: [] };
  },
};
