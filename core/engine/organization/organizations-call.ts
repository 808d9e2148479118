import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, callContext, type PermissiveContext } from "../findings/permissive/context.js";
import type { Caller } from "../findings/permissive/trust/caller.js";
import { allOf, type Tri } from "../policy/context.js";
import { orgCaller } from "./org-request.js";
import { delegationAllows, type PolicyDelegation } from "./policy-delegation.js";

/**
 * Whether the caller's own policies (and SCPs) allow the call, and, from a member account, the
 * delegation policy too; the policy's type is the request's organizations:PolicyType, its region
 * Organizations' endpoint's.
 */
export function mayCall(
  source: PermissiveContext,
  caller: PrincipalAccess,
  action: string,
  resource: string,
  type: string,
  options: {
    fromManagement: boolean;
    delegation: PolicyDelegation | undefined;
    organizationId: string | undefined;
  },
): Tri {
  const keys = { "organizations:PolicyType": type };
  // Made in the one endpoint region of the partition, whichever region the caller would pick.
  const region = ENDPOINT_REGION[resource.split(":")[1] ?? ""];
  const ownKeys = region ? { ...keys, "aws:RequestedRegion": region } : keys;
  const context = callContext(source.catalog, action, attackContext(source, caller, ownKeys));
  const own = caller.permissions.evaluate({ action, resource, context }).decision;
  const allowed: Tri = own === "Allow" ? "yes" : own === "Conditional" ? "maybe" : "no";
  if (allowed === "no" || options.fromManagement) return allowed;
  const member = organizationsRequest(orgCaller(source, caller, options.organizationId), keys, resource);
  const who = {
    accountId: source.snapshot.accountId,
    arn: caller.principal.arn,
    boundary: "permissionsBoundaryArn" in caller.principal && !!caller.principal.permissionsBoundaryArn,
  };
  return allOf([allowed, delegationAllows(options.delegation, member, who, action, resource)]);
}

/** SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, as the policy's ARN names its type. */
export function policyType(arn: string): string {
  return arn.includes("/resource_control_policy/") ? "RESOURCE_CONTROL_POLICY" : "SERVICE_CONTROL_POLICY";
}

/**
 * The caller's Organizations request as the delegation policy's conditions read it: its own keys
 * known (organizations:PolicyType), its region the one endpoint of the resource's partition (US
 * East (N. Virginia) for commercial organizations, whatever region the caller names), and the keys
 * it carries that the snapshot cannot tell undecided rather than absent: the resource's account and
 * organization, whether it comes through a service (CloudFormation may make it for the caller),
 * when the caller's session was issued.
 * https://docs.aws.amazon.com/organizations/latest/userguide/region-support.html
 */
function organizationsRequest(member: Caller, keys: Record<string, string>, resource: string): Caller {
  const partition = resource.split(":")[1];
  const region = partition ? ENDPOINT_REGION[partition] : undefined;
  const known: Record<string, readonly string[]> = {
    ...member.known,
    ...Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), [v]])),
    ...(region ? { "aws:requestedregion": [region] } : {}),
  };
  const undecided = [...UNDECIDED, ...(region ? [] : ["aws:requestedregion"])];
  return {
    ...member,
    known,
    unknown: [...member.unknown.filter((k) => !(k in known)), ...undecided.filter((k) => !(k in known))],
  };
}

/** The region of Organizations' one endpoint in each partition. */
const ENDPOINT_REGION: Record<string, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-northwest-1",
};

/** Keys an Organizations request carries, or may, that the snapshot cannot tell. */
const UNDECIDED = [
  "aws:resourceaccount",
  "aws:resourceorgid",
  "aws:resourceorgpaths",
  "aws:viaawsservice",
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
  "aws:tokenissuetime",
];
