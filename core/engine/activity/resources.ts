import type { ActionInfo } from "../catalog/types.js";
import { partitionOfRegion } from "../policy/arn.js";
import { AUTHORIZATION_TABLES } from "./knowledge/authorizations/index.js";
import type { Derived, ResourceRole } from "./knowledge/authorizations/types.js";
import { literalKey, literalObjectArn } from "./literal-key.js";
import type { RoleDirectory } from "./role-directory.js";
import type { CloudTrailEvent } from "./types.js";

export type ResourceCandidates = Derived;

const DERIVERS = new Map(
  AUTHORIZATION_TABLES.flatMap((t) => (t.resources ? [[t.service, t.resources]] : [])),
);

/**
 * Every ARN a record names for its call, by role: the `resources[]` CloudTrail attaches
 * (management events of many services, all data events) and what the service's requestParameters
 * identify (the target, a copy source, an index, a KMS key).
 */
export function resourceCandidates(
  event: CloudTrailEvent,
  service: string,
  directory?: RoleDirectory,
): ResourceCandidates {
  const target = listedResources(event);
  // A key's `*` or `?` is no wildcard: listed object ARNs carry it escaped, as the deriver's do.
  if (service === "s3") for (let i = 0; i < target.length; i++) target[i] = literalObjectArn(target[i]!);
  const derived = derive(event, service, target, directory);
  if (service === "s3" && throughMultiRegionAccessPoint(event)) return { ...derived, target: [] };
  // Lists hold a handful of ARNs: a linear check beats building a Set for every event.
  for (const arn of derived.target) if (!target.includes(arn)) target.push(arn);
  if (service === "s3") for (const arn of accessPointObjects(event, target)) target.push(arn);
  return { ...derived, target };
}

const MULTI_REGION_HOST = /\.mrap\.accesspoint\.s3-global\.amazonaws\.com$/i;

/**
 * A request through a Multi-Region Access Point (recorded under its hostname, `ALIAS.mrap.accesspoint.
 * s3-global.amazonaws.com`) is relayed to the bucket S3 finds closest, in whatever Region, and
 * processed as if made to that bucket: the bucket and object the record names are where this one
 * request went, the next may go to another Region's bucket (or fail over to it). Its needs name no
 * resource, and keep today's scope.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequestRouting.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointMonitoring.html
 */
function throughMultiRegionAccessPoint(event: CloudTrailEvent): boolean {
  const params = event.requestParameters;
  const host = params && typeof params === "object" ? (params as { Host?: unknown }).Host : undefined;
  return typeof host === "string" && MULTI_REGION_HOST.test(host);
}

const S3_ACCESS_POINT = /^arn:[^:]+:s3:[^:]*:\d{12}:accesspoint\/[^/]+$/;

/**
 * An object call made through an S3 access point is authorized on the access point's object ARN
 * (`…:accesspoint/NAME/object/KEY`), which the record names only in parts: the access point among
 * its resources, the key in its parameters. Without it a policy keeps the object by its bucket ARN
 * alone, and the call through the access point is denied.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
 */
function accessPointObjects(event: CloudTrailEvent, listed: readonly string[]): string[] {
  const params = event.requestParameters;
  const key = params && typeof params === "object" ? (params as { key?: unknown }).key : undefined;
  if (typeof key !== "string" || key === "") return [];
  return listed.filter((arn) => S3_ACCESS_POINT.test(arn)).map((arn) => `${arn}/object/${literalKey(key)}`);
}

/**
 * The candidates that are resources of `action`, judged by the catalog's ARN formats for it.
 * Returns none for actions that support no resource-level permissions: they are granted on `*`.
 */
export function resourcesFor(
  action: ActionInfo,
  role: ResourceRole,
  candidates: ResourceCandidates,
): string[] {
  const arns = candidates[role] ?? [];
  if (arns.length === 0 || action.wildcardOnly) return [];
  let forAction = actionPatterns.get(action);
  if (!forAction) {
    forAction = action.resourceTypes.map((rt) => formatPattern(rt.arnFormat));
    actionPatterns.set(action, forAction);
  }
  // Most calls name one resource: a list of one is made for it, not one grown by a push.
  let resources: string[] | undefined;
  for (const arn of arns)
    for (const pattern of forAction)
      if (pattern.test(arn)) {
        if (resources) resources.push(arn);
        else resources = [arn];
        break;
      }
  return resources ?? [];
}

const actionPatterns = new WeakMap<ActionInfo, RegExp[]>();

/**
 * Whether the named resources include one of every resource type the Service Authorization
 * Reference marks required for the action (`rds:FailoverGlobalCluster` needs the global cluster
 * and the cluster; `ec2:RunInstances` the instance, image, subnet, security group and network
 * interface). IAM authorizes the call on each of them, so an action narrowed to the named ones
 * alone would be denied on the others.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html#actions_table
 */
export function namesRequiredTypes(action: ActionInfo, resources: readonly string[]): boolean {
  let required = requiredPatterns.get(action);
  if (!required) {
    required = action.resourceTypes.filter((rt) => rt.required).map((rt) => formatPattern(rt.arnFormat));
    requiredPatterns.set(action, required);
  }
  return required.every((p) => resources.some((arn) => p.test(arn)));
}

const requiredPatterns = new WeakMap<ActionInfo, RegExp[]>();

function listedResources(event: CloudTrailEvent): string[] {
  const resources = event.resources;
  if (!Array.isArray(resources)) return [];
  const arns: string[] = [];
  for (const resource of resources) {
    const arn = (resource as { ARN?: unknown } | null)?.ARN;
    if (typeof arn === "string" && arn.startsWith("arn:")) arns.push(arn);
  }
  return arns;
}

function derive(
  event: CloudTrailEvent,
  service: string,
  listed: readonly string[],
  directory?: RoleDirectory,
): Derived {
  const params = event.requestParameters;
  const deriver = DERIVERS.get(service);
  if (!params || typeof params !== "object" || !deriver) return { target: [] };
  const region = typeof event.awsRegion === "string" ? event.awsRegion : undefined;
  const account = accountOf(event);
  return deriver({
    params,
    event: event.eventName,
    listed,
    directory,
    region,
    account,
    partition: partitionOfRegion(region),
  });
}

/** The resource's account is the one the event was delivered to, when the record says. */
function accountOf(event: CloudTrailEvent): string | undefined {
  const recipient = event.recipientAccountId;
  if (isAccountId(recipient)) return recipient;
  const caller = event.userIdentity?.accountId;
  return isAccountId(caller) ? caller : undefined;
}

/** Twelve digits; checked by character rather than regex, since it runs for every event. */
function isAccountId(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const patterns = new Map<string, RegExp>();

/**
 * The catalog's `arn:${Partition}:s3:::${BucketName}/${ObjectName}` as a regular expression.
 * Variables match within one ARN segment, except those that hold paths (object keys, role names
 * with paths, parameter names), which may contain slashes.
 */
export function formatPattern(format: string): RegExp {
  let pattern = patterns.get(format);
  if (!pattern) {
    const source = format
      .split(/(\$\{[^}]+\})/)
      .map((part) => {
        if (!part.startsWith("${")) return escapeLiteral(part);
        return variableSource(part.slice(2, -1));
      })
      .join("");
    pattern = new RegExp(`^${source}$`);
    patterns.set(format, pattern);
  }
  return pattern;
}

function escapeLiteral(part: string): string {
  return part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
}

/** What one `${Name}` of an ARN format matches. */
function variableSource(name: string): string {
  // A Lambda function ARN may end in `:version` or `:alias`: the call is authorized on it.
  if (name === "FunctionName") return "[^:/]+(?::[^:/]+)?";
  // AWS-owned resources leave the account empty: SSM's public parameters are
  // arn:aws:ssm:REGION::parameter/aws/service/...
  if (name === "Account") return "[^:/]*";
  return /Path|ObjectName|Slash|Key$|Id$/.test(name) ? ".+" : "[^:/]+";
}

/**
 * The values an ARN gives the first `count` variables of a catalog ARN format, in order (as
 * formatPattern reads them), or undefined when the ARN is not of that format.
 */
export function formatValues(format: string, arn: string, count: number): string[] | undefined {
  let capturing = capturingPatterns.get(format);
  if (!capturing) {
    const source = format
      .split(/(\$\{[^}]+\})/)
      .map((part) => (part.startsWith("${") ? `(${variableSource(part.slice(2, -1))})` : escapeLiteral(part)))
      .join("");
    capturing = new RegExp(`^${source}$`);
    capturingPatterns.set(format, capturing);
  }
  const match = capturing.exec(arn);
  return match ? match.slice(1, count + 1) : undefined;
}

const capturingPatterns = new Map<string, RegExp>();
