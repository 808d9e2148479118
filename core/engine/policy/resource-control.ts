import { parseArn } from "./arn.js";
import { anyOf, makeContext, type Tri } from "./context.js";
import { globMatch } from "./glob.js";
import { matchResourceElement } from "./resource-match.js";
import type { PrincipalRequest } from "./resource-policy.js";
import type { Policy } from "./types.js";

/**
 * The services whose resources resource control policies govern, as the AWS Organizations user
 * guide lists them ("List of AWS services that support RCPs",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html, and
 * the AWS Control Tower RCP controls page). A service missing here only makes Whittle ignore an
 * RCP's Deny (it reports more access, never less).
 */
export const RCP_SERVICES: readonly { service: string; name: string }[] = [
  { service: "s3", name: "Amazon S3" },
  { service: "sts", name: "AWS Security Token Service" },
  { service: "kms", name: "AWS Key Management Service" },
  { service: "sqs", name: "Amazon SQS" },
  { service: "secretsmanager", name: "AWS Secrets Manager" },
];

const SUPPORTED = new Set(RCP_SERVICES.map((s) => s.service));

export interface RcpInput {
  /** The RCP's ARN. */
  source: string;
  policy: Policy;
}

/**
 * `conditions` must say whether the caller cannot avoid the Condition block (every request it could
 * make satisfies it): RCP statements are Denies, which apply only then.
 */
export interface RcpRequest extends PrincipalRequest {
  /** The resource ARN the call is authorized on. */
  resource: string;
}

/**
 * Whether the RCPs over an account deny a request to one of its resources, and which do. RCPs
 * never grant, and `RCPFullAWSAccess` (Allow * to *) sits at every node and cannot be detached, so
 * only their Deny statements decide: any Deny along the path whose principal, action, resource and
 * condition cover the request blocks it, whoever the caller (same account, other account of the
 * organization, or outside it).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 * `certainty` is "no" when the action's service is not governed by RCPs or the resource is not
 * the account's (another account's resource answers to that account's RCPs).
 */
export function resourceControlDenial(
  rcps: readonly RcpInput[],
  accountId: string,
  request: RcpRequest,
): { certainty: Tri; policies: string[] } {
  const service = request.action.split(":")[0]?.toLowerCase() ?? "";
  if (!SUPPORTED.has(service) || ownedBy(request.resource, accountId) === "no")
    return { certainty: "no", policies: [] };
  const hits: { source: string; certainty: Tri }[] = [];
  for (const { source, policy } of rcps) {
    for (const s of policy.statements) {
      if (s.effect !== "Deny") continue;
      const principal =
        s.principal?.any ||
        Object.entries(s.principal?.values ?? {}).some(([t, vs]) => vs.some((v) => request.names(t, v)));
      if (principal === s.notPrincipal) continue;
      const action = s.actions.some((p) => globMatch(p, request.action, true)) !== s.notAction;
      if (!action) continue;
      const resource = matchResourceElement(s.resources, s.notResource, request.resource, makeContext());
      if (resource === "no") continue;
      const conditions = request.conditions(s.conditions, s);
      if (conditions === "no") continue;
      hits.push({ source, certainty: resource === "maybe" ? "maybe" : conditions });
    }
  }
  const certainty = anyOf(hits.map((h) => h.certainty));
  const ownership = ownedBy(request.resource, accountId);
  return {
    certainty: certainty === "yes" && ownership === "maybe" ? "maybe" : certainty,
    policies: [...new Set(hits.map((h) => h.source))],
  };
}

/** S3 ARNs carry no account: a bucket may be this account's or another's. */
function ownedBy(resource: string, accountId: string): Tri {
  const arn = parseArn(resource);
  if (!arn) return "maybe";
  if (arn.account === "") return "maybe";
  return arn.account === accountId ? "yes" : "no";
}
