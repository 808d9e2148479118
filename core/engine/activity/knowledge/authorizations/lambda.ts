import { type DeriveContext, named, regional, type ServiceAuthorizations, str, to } from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html";
const RESOURCES = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html";
const TAGS = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html";
const PUBLISH_LAYER = /^PublishLayerVersion(?:\d{8})?$/;
const URLS = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";
const VPC = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html";
const FILE_SYSTEM = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html";
const LAYERS =
  "https://docs.aws.amazon.com/lambda/latest/dg/configuration-layers.html#configuration-layers-permissions";

/**
 * A function configured with layers: Lambda checks lambda:GetLayerVersion on each layer version
 * as part of the call, and no GetLayerVersion record is written for it.
 */
const withLayers = {
  parameter: "layers",
  add: [{ action: "lambda:GetLayerVersion", resource: "layer" as const }],
  why: "configuring a function with a layer needs GetLayerVersion on the layer version",
  source: LAYERS,
};

/**
 * A function configured with a VPC's subnets: "To configure a function to connect to a VPC, you
 * need" ec2:DescribeSecurityGroups, ec2:DescribeSubnets and ec2:DescribeVpcs (VPC, "User
 * permissions"), and the trail records the Lambda call alone. An empty configuration takes the
 * function out of its VPC and names none.
 */
const withVpc = {
  parameter: "vpcConfig.subnetIds",
  add: to("ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"),
  why: "connecting a function to a VPC needs the caller's descriptions of its security groups, subnets and VPC",
  source: VPC,
};

/**
 * A function configured with a file system: "When you configure a file system, Lambda uses your
 * permissions to verify mount targets" (FILE_SYSTEM: elasticfilesystem:DescribeMountTargets), and
 * the trail records the Lambda call alone. Which resource the check names (the access point the
 * call lists, or its file system) is not documented: the need keeps today's scope.
 */
const withFileSystem = {
  parameter: "fileSystemConfigs",
  add: [{ action: "elasticfilesystem:DescribeMountTargets", resource: "unnamed" as const }],
  why: "connecting a function to a file system checks its mount targets with the caller's permissions",
  source: FILE_SYSTEM,
};

export const LAMBDA_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "lambda",
  events: [
    {
      event: "Invoke",
      actions: [{ action: "lambda:InvokeFunction", resource: "qualified" }],
      why: "data event name; authorized on the version or alias invoked",
      source: RESOURCES,
    },
    {
      // "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl and
      // lambda:InvokeFunction permissions" (URLS): a request to such a URL is recorded as
      // InvokeFunctionUrl alone, and its caller, never seen invoking, would lose InvokeFunction. The
      // record does not say when its URL was made: inferred, so kept only where granted today.
      event: "InvokeFunctionUrl",
      actions: [{ action: "lambda:InvokeFunctionUrl" }, { action: "lambda:InvokeFunction", inferred: true }],
      why: "a function URL's request is authorized as both InvokeFunctionUrl and, for URLs made since October 2025, InvokeFunction",
      source: URLS,
    },
    {
      event: "AddPermission",
      actions: [{ action: "lambda:AddPermission", resource: "qualified" }],
      why: "a function policy statement is added to the function, version or alias named",
      source: RESOURCES,
    },
    {
      event: "RemovePermission",
      actions: [{ action: "lambda:RemovePermission", resource: "qualified" }],
      why: "a function policy statement is removed from the function, version or alias named",
      source: RESOURCES,
    },
    {
      event: "CreateFunction",
      rules: [
        {
          parameter: "tags",
          add: to("lambda:TagResource"),
          why: "a function created with tags needs lambda:TagResource",
          source: TAGS,
        },
        {
          parameter: "capacityProviderConfig",
          add: to("lambda:PassCapacityProvider"),
          why: "a function run on a capacity provider is handed it",
          source: SAR,
        },
        withLayers,
        withVpc,
        withFileSystem,
      ],
      why: "a new function, tagged or not",
      source: TAGS,
    },
    {
      event: "UpdateFunctionConfiguration",
      rules: [withLayers, withVpc, withFileSystem],
      why: "a function's configuration, plus the layers, the VPC and the file system it names",
      source: LAYERS,
    },
    {
      event: "GetLayerVersionByArn",
      actions: to("lambda:GetLayerVersion"),
      why: "the same read by ARN",
      source: SAR,
    },
  ],
  resources: (ctx) => {
    const name = str(ctx.params.functionName);
    const arn = name ? lambdaFunction(ctx, name, str(ctx.params.qualifier)) : undefined;
    // PublishLayerVersion is authorized on the layer it names (by name or ARN) and makes its next version.
    const layer = PUBLISH_LAYER.test(ctx.event)
      ? named(ctx.params.layerName, (n) => regional(ctx, "lambda", `layer:${n}`))
      : [];
    const found = arn ? { target: [arn.function], qualified: qualifiedArns(arn) } : { target: layer };
    // Only function configuration calls name layers; Invoke data events skip the walk.
    if (ctx.params.layers === undefined) return found;
    const layers = layerVersions(ctx.params.layers);
    return layers.length ? { ...found, layer: layers } : found;
  },
};

/**
 * Lambda accepts a name, `account:function:name` or an ARN, any of them with a `:qualifier` (or a
 * separate `qualifier`). Invoke, AddPermission and RemovePermission are authorized on the version
 * or alias ARN, which a grant on the unqualified function does not match; every other function
 * action on the function itself (RESOURCES, "Functions" table). `$LATEST` named is a qualifier
 * too (see qualifiedArns).
 */
export function lambdaFunction(
  ctx: DeriveContext,
  value: string,
  qualifier?: string,
): { function: string; qualified?: string } | undefined {
  const parts = value.split(":");
  let base: string | undefined;
  let suffix: string | undefined;
  if (value.startsWith("arn:")) {
    if (parts.length < 7) return undefined;
    base = `arn:${parts[1]}:lambda:${parts[3]}:${parts[4]}:function:${parts[6]}`;
    suffix = parts[7];
  } else if (parts.length >= 3 && parts[1] === "function") {
    base = regional({ ...ctx, account: parts[0] }, "lambda", `function:${parts[2]}`);
    suffix = parts[3];
  } else {
    base = regional(ctx, "lambda", `function:${parts[0]}`);
    suffix = parts[1];
  }
  const q = suffix ?? qualifier;
  if (!base) return undefined;
  return q ? { function: base, qualified: `${base}:${q}` } : { function: base };
}

/**
 * The ARNs an invocation (or a function policy change) is authorized on. A call naming `:$LATEST`
 * keeps both the `$LATEST` ARN and the function's: Lambda compares the policy's resource with the
 * FunctionName passed, and a Deny of the unqualified ARN lets a call naming `:$LATEST` through
 * (RESOURCES, "Deny access to a specific function alias"), yet no AWS page says outright which of
 * the two an Allow must name, and a policy keeping one of them could refuse the next call.
 */
function qualifiedArns(arn: { function: string; qualified?: string }): string[] {
  if (arn.qualified === undefined) return [arn.function];
  return arn.qualified.endsWith(":$LATEST") ? [arn.qualified, arn.function] : [arn.qualified];
}

/** Layer version ARNs a request lists, as strings or as `{ arn }` objects. */
function layerVersions(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const arns: string[] = [];
  for (const item of value) {
    const arn = str(item) ?? str((item as { arn?: unknown } | null)?.arn);
    if (arn?.startsWith("arn:")) arns.push(arn);
  }
  return arns;
}
