import { attackContext, callContext, type PermissiveContext } from "../findings/permissive/context.js";
import type { Caller } from "../findings/permissive/trust/caller.js";
import { allOf, type Tri } from "../policy/context.js";
import type { CrossAccountPath } from "./cross-account.js";
import { managementContext } from "./management.js";
import { orgCaller } from "./org-request.js";
import { delegationAllows, type PolicyDelegation } from "./policy-delegation.js";

/** The call that rewrites an SCP or RCP: a Deny taken out of its document no longer denies. */
const REWRITE = "organizations:UpdatePolicy";
/** An SCP or RCP the organization made (AWS's own, such as FullAWSAccess, cannot be changed). */
const ORG_POLICY =
  /^arn:aws[a-z-]*:organizations::\d{12}:policy\/o-[a-z0-9]+\/(service|resource)_control_policy\/p-/;

/**
 * A path the organization's policies block, whose caller may rewrite every one of those policies
 * itself (organizations:UpdatePolicy on each): from the management account by its own policies
 * (SCPs do not limit it), from a member account by its own policies and SCPs and the
 * organization's delegation policy both. The guardrail does not hold against it: the path is
 * graded as one not blocked, "maybe" where the rewrite hangs on a condition or the delegation
 * policy is unknown. A block that is no policy of the organization's ("no SCP allows …") is left.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 */
export function withLiftedBlocks(
  paths: readonly CrossAccountPath[],
  contexts: ReadonlyMap<string, PermissiveContext>,
  organizationId: string | undefined,
  managementAccountId: string | undefined,
  delegation: PolicyDelegation | undefined,
): CrossAccountPath[] {
  const managementId = managementContext(contexts, managementAccountId)?.[0] ?? managementAccountId;
  const asked = new Map<string, Tri>();
  return paths.map((path) => {
    if (!path.blockedBy?.every((arn) => ORG_POLICY.test(arn))) return path;
    const source = contexts.get(path.from.accountId);
    const caller = source?.account.of(path.from.principalArn);
    if (!source || !caller || caller.type === "group") return path;
    const lifts = path.blockedBy.map((arn) => {
      const key = `${caller.principal.arn}\n${arn}`;
      let certainty = asked.get(key);
      if (certainty === undefined) {
        // The policy's type is the request's organizations:PolicyType, which conditions may read.
        const type = { "organizations:PolicyType": policyType(arn) };
        const context = callContext(source.catalog, REWRITE, attackContext(source, caller, type));
        const own = caller.permissions.evaluate({ action: REWRITE, resource: arn, context }).decision;
        const allowed: Tri = own === "Allow" ? "yes" : own === "Conditional" ? "maybe" : "no";
        const delegated =
          allowed === "no" || path.from.accountId === managementId
            ? "yes"
            : delegationAllows(
                delegation,
                withKnown(orgCaller(source, caller, organizationId), type),
                { accountId: path.from.accountId, arn: caller.principal.arn },
                REWRITE,
                arn,
              );
        certainty = allOf([allowed, delegated]);
        asked.set(key, certainty);
      }
      return certainty;
    });
    const certainty = allOf(lifts);
    if (certainty === "no") return path;
    return {
      ...path,
      certainty: certainty === "yes" ? path.certainty : "maybe",
      liftsBlock: REWRITE,
    };
  });
}

/** SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, as the policy's ARN names its type. */
function policyType(arn: string): string {
  return arn.includes("/resource_control_policy/") ? "RESOURCE_CONTROL_POLICY" : "SERVICE_CONTROL_POLICY";
}

/** The caller with the request's own keys known, as the delegation policy's conditions read them. */
function withKnown(member: Caller, keys: Record<string, string>): Caller {
  const lower = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), [v]]));
  return {
    ...member,
    known: { ...member.known, ...lower },
    unknown: member.unknown.filter((k) => !(k in lower)),
  };
}
