import type { PrincipalAccess } from "../account/permissions.js";
import {
  absentWithAccessKey,
  attackContext,
  type PermissiveContext,
  signedWithAccessKey,
} from "../findings/permissive/context.js";
import { mayRetag, withResourceTags } from "../findings/permissive/escalation/resource-tags.js";
import {
  admitted,
  delegatedWay,
  directGrantPolicies,
  directGrants,
} from "../findings/permissive/escalation/trust-admission.js";
import { type Caller, callerConditions } from "../findings/permissive/trust/caller.js";
import { forRole, underTrust } from "../findings/permissive/trust/callers.js";
import { evaluateInPickedRegion } from "../findings/permissive/trust/picked-region.js";
import { parameterChoices, withParametersSent } from "../findings/permissive/trust/request-parameters.js";
import type { Tri } from "../policy/context.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import { resourceControlDenial } from "../policy/resource-control.js";
import type { Role } from "../snapshot/model.js";
import { isServiceLinked } from "../snapshot/model.js";
import type { CrossAccountPath } from "./cross-account.js";
import { inTargetPath, orgCaller, requestKeys } from "./org-request.js";
import { rank } from "./takeovers.js";

/**
 * The edge by which a caller of one account may assume a role of the organization: the role's trust
 * policy and RCPs, the caller's own policies and SCPs, as the request may be sent.
 */
export function edgeFrom(
  source: PermissiveContext,
  caller: PrincipalAccess,
  target: PermissiveContext,
  role: Role,
  organizationId: string | undefined,
  /** The request is signed with a user's long-term access key, which carries no MFA (signedWithAccessKey). */
  keySigned = false,
): Pick<CrossAccountPath, "via" | "certainty" | "blockedBy"> | undefined {
  if (caller.type === "group") return undefined;
  if (isServiceLinked(caller.principal)) return undefined;
  const trustPolicy = target.account.trustPolicyOf(role.arn)?.policy;
  const asked = underTrust(
    inTargetPath(
      forRole(
        orgCaller(source, caller, organizationId),
        target.snapshot.accountId,
        role.tags,
        organizationId,
      ),
      target.snapshot,
      organizationId,
    ),
    trustPolicy,
  );
  const member = keySigned
    ? { ...asked, unknown: asked.unknown.filter((key) => !absentWithAccessKey(key)) }
    : asked;
  // The request's own parameters, picked once for every policy that reads them.
  const rcps = (target.account.resourceControlPolicies() ?? []).map((r) => r.policy);
  const targetPolicies = trustPolicy ? [trustPolicy, ...rcps] : rcps;
  let best: Edge | undefined;
  for (const sent of parameterChoices(member, caller.permissions, targetPolicies)) {
    const edge = edgeAs(source, caller, target, role, sent, keySigned);
    if (edge && (!best || rank(edge) > rank(best))) best = edge;
    if (best && rank(best) === 2) break;
  }
  return best;
}

/** The edge for the caller making its request as `member` has it. */
function edgeAs(
  source: PermissiveContext,
  caller: PrincipalAccess,
  target: PermissiveContext,
  role: Role,
  member: Caller,
  keySigned: boolean,
): Edge | undefined {
  const trust = admitted(target, role, member, source.snapshot.accountId, caller);
  // Any way the trust admits the caller lets it in with its own Allow; a direct grant without it.
  const { via, certainty } = delegatedWay(trust);
  if (certainty === "no") return undefined;
  const ways: Way[] = [
    ...directGrants(trust, caller).map(({ via, certainty, boundaryLimits }) => ({
      via,
      certainty,
      grant: () => directGrantPolicies(source.catalog, caller, boundaryLimits),
    })),
    { via, certainty, grant: () => caller.permissions },
  ];
  let best: Edge | undefined;
  for (const way of ways) {
    const edge = edgeThrough(source, caller, target, role, member, way, keySigned);
    if (edge && (!best || rank(edge) > rank(best))) best = edge;
    if (best && rank(best) === 2) break;
  }
  return best;
}

export type Edge = Pick<CrossAccountPath, "via" | "certainty" | "blockedBy">;

/** One way the role's trust lets the caller in, and the policies that decide its request that way. */
interface Way {
  via: CrossAccountPath["via"];
  certainty: Exclude<Tri, "no">;
  grant: () => PrincipalPermissions;
}

function edgeThrough(
  source: PermissiveContext,
  caller: PrincipalAccess,
  target: PermissiveContext,
  role: Role,
  member: Caller,
  trust: Way,
  keySigned: boolean,
): Edge | undefined {
  const permissions = trust.grant();
  // The parameters the request sends, or is fixed to leave out, as the caller's policies read them.
  const sent = withParametersSent(attackContext(source, caller, requestKeys(member)), member);
  const context = keySigned ? signedWithAccessKey(sent) : sent;
  // The caller's own conditions on the role's tags read the tags the role's snapshot lists.
  const request = { action: "sts:AssumeRole", resource: role.arn, context: withResourceTags(context, role) };
  // The caller calls STS in a region of its choosing: a region-deny SCP stops it in none it allows.
  let result = evaluateInPickedRegion(permissions, member, request);
  // In its own account a caller that may retag roles may give the role the tags it needs, as the
  // escalation graph keeps such an edge conditional.
  if (result.decision !== "Allow" && retags(source, caller, target)) {
    const untagged = evaluateInPickedRegion(permissions, member, { ...request, context });
    if (untagged.decision === "Allow" || untagged.decision === "Conditional")
      result = { ...untagged, decision: "Conditional" };
  }
  const { decision } = result;
  let blockedBy: string[] = [];
  let certainty: Tri = decision === "Allow" && trust.certainty === "yes" ? "yes" : "maybe";
  if (decision !== "Allow" && decision !== "Conditional") {
    if (permissions.scpLevels === 0) return undefined;
    // Denied: say so when the caller's SCPs are what deny, so the guardrail shows as all that stands in the way.
    const { scps: _, ...own } = permissions.policies;
    const unlimited = evaluateInPickedRegion(new PrincipalPermissions(source.catalog, own), member, request);
    if (unlimited.decision !== "Allow" && unlimited.decision !== "Conditional") return undefined;
    const denying = result.matched.filter((m) => m.layer === "scp" && m.effect === "Deny");
    blockedBy = [...new Set(denying.map((m) => m.source))];
    if (blockedBy.length === 0) blockedBy = ["no SCP allows sts:AssumeRole"];
    // As sure as the request would be without them (a caller that may lift them takes it so).
    certainty = unlimited.decision === "Allow" ? trust.certainty : "maybe";
  }
  // The role's own account's RCPs cap who may assume it, whatever its trust policy says.
  const rcps = target.account.resourceControlPolicies();
  if (rcps) {
    const denial = resourceControlDenial(rcps, target.snapshot.accountId, {
      action: "sts:AssumeRole",
      resource: role.arn,
      names: member.names,
      conditions: (clauses) => callerConditions(member, clauses, "every-request"),
    });
    if (denial.certainty === "yes") blockedBy = [...blockedBy, ...denial.policies];
    else if (denial.certainty === "maybe") certainty = "maybe";
  }
  return {
    via: trust.via,
    certainty: certainty as Exclude<Tri, "no">,
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
  };
}

/** Whether the caller, of the role's own account, may set tags its sts:AssumeRole conditions read. */
function retags(source: PermissiveContext, caller: PrincipalAccess, target: PermissiveContext): boolean {
  if (source.snapshot.accountId !== target.snapshot.accountId) return false;
  const action = source.catalog.action("sts:AssumeRole");
  return action !== undefined && mayRetag(source, caller, action.id);
}
