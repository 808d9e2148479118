import { type DeriveContext, regional, type ServiceAuthorizations, str, to } from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html";
const RESOURCES = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html";

export const LAMBDA_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "lambda",
  events: [
    { event: "Invoke", actions: to("lambda:InvokeFunction"), why: "data event name", source: SAR },
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
    return { target: arn ? [arn] : [] };
  },
};

/**
 * Lambda accepts a name, `account:function:name` or an ARN, any of them with a `:qualifier` (or a
 * separate `qualifier`). A call on a version or alias is authorized on that qualified ARN, which a
 * grant on the unqualified function does not match (RESOURCES: "restricted to a specific function
 * by function, version, or alias ARN").
 */
export function lambdaFunction(ctx: DeriveContext, value: string, qualifier?: string): string | undefined {
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
  return base && q && q !== "$LATEST" ? `${base}:${q}` : base;
}

export const LAMBDA_RESOURCES_SOURCE = RESOURCES;
