import type { AccountPermissions, PrincipalAccess } from "../../../account/permissions.js";
import { DEFAULT_REGIONS } from "../../../activity/shown-regions.js";
import { isAccountRoot } from "../../../policy/arn.js";
import type { RequestContext, Tri } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import type { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { resourceControlDenial } from "../../../policy/resource-control.js";
import type { ConditionClause } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import { attackContext, type PermissiveContext } from "../context.js";
import { type Caller, callerConditions } from "../trust/caller.js";
import { forRole, memberCaller, sessionsMayBeTagged, underTrust } from "../trust/callers.js";
import { evaluateInPickedRegion } from "../trust/picked-region.js";
import { parameterChoices, picksParameters, withParametersSent } from "../trust/request-parameters.js";
import { type Decisions, decisionsOn } from "./decisions.js";
import { nameable } from "./nameable.js";
import { mayRetag, taggedAllows, testsResourceTags, withResourceTags } from "./resource-tags.js";
import { assumeDenies, assumeStatements, rolesAssumableByPrincipals, trustCandidates } from "./trust.js";
import {
  type Admitted,
  type AdmittedVia,
  admitted,
  delegatedWay,
  directGrantPolicies,
  directGrants,
} from "./trust-admission.js";

export interface AssumeEdge {
  role: Role;
  certainty: Exclude<Tri, "no">;
  /** How the trust policy lets the caller in. */
  via: AdmittedVia;
}

/**
 * The roles a principal can assume: those whose trust policy grants it directly (its ARN, a
 * session of its role, or `*` within conditions it meets), needing no identity-policy permission,
 * and those whose trust admits its account or anyone where its own policies allow sts:AssumeRole
 * on the role; an explicit Deny in its policies blocks every way (trust-admission.ts has the rules).
 * Groups cannot assume roles, but their members can through the group's policies, so a group is
 * treated as a caller trusted through the account. Memoized per account: chains from every
 * principal walk through the same roles.
 */
export function assumableRoles(ctx: PermissiveContext, subject: PrincipalAccess): AssumeEdge[] {
  let memo = edgesOf.get(ctx.account);
  if (!memo) {
    memo = new Map();
    edgesOf.set(ctx.account, memo);
  }
  let edges = memo.get(subject.principal.arn);
  if (!edges) {
    edges = computeEdges(ctx, subject);
    memo.set(subject.principal.arn, edges);
  }
  return edges;
}

const edgesOf = new WeakMap<AccountPermissions, Map<string, AssumeEdge[]>>();

/** The roles a principal can assume, not memoized: for a subject whose permissions were changed. */
export function computeEdges(ctx: PermissiveContext, subject: PrincipalAccess): AssumeEdge[] {
  // Without sts:AssumeRole anywhere in its policies, only a trust policy granting it directly lets it in.
  const action = ctx.catalog.action("sts:AssumeRole")!;
  const mayCall = subject.permissions.effective().possible.has(action.id);
  const candidates = trustCandidates(ctx, subject, { directOnly: !mayCall });
  // Most principals of a large account have none: no caller or request context to build.
  if (candidates.length === 0) return [];
  const edges = edgesIn(ctx, subject, candidates, mayCall, attackContext(ctx, subject));
  // The caller picks the STS endpoint it calls: a region its policies name may allow what the
  // request of an unknown region only may (a region-deny SCP, an Allow for one region).
  for (const region of stsRegions(subject)) {
    const there = edgesIn(
      ctx,
      subject,
      candidates,
      mayCall,
      attackContext(ctx, subject, { "aws:RequestedRegion": region }),
    );
    for (const edge of there) {
      const i = edges.findIndex((e) => e.role.arn === edge.role.arn);
      if (i < 0) edges.push(edge);
      else if (edges[i]!.certainty === "maybe" && edge.certainty === "yes") edges[i] = edge;
    }
  }
  return edges;
}

/**
 * The regions worth trying for the caller's AssumeRole calls: those its conditions on
 * aws:RequestedRegion name (its own policies, boundary and SCPs) among the regions every account
 * has enabled, whose STS endpoints it may call; a region one has to enable stays undecided.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
function stsRegions(subject: PrincipalAccess): string[] {
  const named = subject.permissions.statements
    .flatMap((s) => s.statement.conditions)
    .filter((c) => c.key.toLowerCase() === "aws:requestedregion")
    .flatMap((c) => c.values);
  return DEFAULT_REGIONS.filter((region) => named.includes(region));
}

/** The roles a principal can assume with requests of one context. */
function edgesIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  candidates: readonly Role[],
  mayCall: boolean,
  context: RequestContext,
): AssumeEdge[] {
  const action = ctx.catalog.action("sts:AssumeRole")!;
  const edges: AssumeEdge[] = [];
  const caller = memberCaller(ctx.snapshot.collectedAt, ctx.snapshot.accountId, {
    type: subject.type,
    arn: subject.principal.arn,
    name: subject.principal.name,
    ...("tags" in subject.principal ? { tags: subject.principal.tags } : {}),
    ...(tagsItself(subject, context) ? { choosesTags: true } : {}),
    ...(subject.type === "role" && sessionsMayBeTagged(trustPolicy(ctx, subject.principal as Role))
      ? { sessionTagged: true }
      : {}),
  });
  const assume = decisionsOn(subject.permissions, "sts:AssumeRole", context);
  const boundedLimit = directGrantLimit(ctx, subject, context, true);
  const unboundedLimit = directGrantLimit(ctx, subject, context, false);
  // Likewise for a role no Resource pattern of its Allow statements names: evaluating is the cost.
  const every = rolesAssumableByPrincipals(ctx);
  const named = mayCall ? nameable(subject, action, every) : every;
  const callable = named === every ? undefined : new Set(named);
  // A condition on the role's tags reads the tags the snapshot holds for it.
  const tagged = testsResourceTags(subject, action.id);
  // Refused by the tags it has, a role the caller may retag stays conditional.
  const retaggable = tagged && mayRetag(ctx, subject, action.id);
  const withRoleTags = (decision: Decision, arn: string): Decision => {
    if (decision !== "Conditional" || !tagged) return decision;
    const withTags = taggedAllows(ctx, subject, action.key, arn, context);
    return withTags === "yes" ? "Allow" : withTags === "no" && !retaggable ? "ImplicitDeny" : decision;
  };
  for (const role of candidates) {
    if (role.arn === subject.principal.arn) continue;
    // The external id, session name and region the caller sends, read by its policies and the trust alike.
    const sent = sentRequests(ctx, subject, caller, role);
    if (sent) {
      const named = !callable || callable.has(role);
      const edge = jointEdge(ctx, subject, role, sent, named && mayCall, context, { tagged, retaggable });
      if (edge) edges.push(edge);
      continue;
    }
    const trust = trustFor(ctx, subject, caller, role);
    const direct = directGrants(trust, subject);
    // Through any admission of the trust, the caller's own Allow lets it in.
    const delegated = delegatedWay(trust);
    if (direct.length === 0 && (!mayCall || delegated.certainty === "no")) continue;
    if (callable && !callable.has(role) && direct.length === 0) continue;
    const decision = withRoleTags(assume.on(role.arn), role.arn);
    if (decision === "ExplicitDeny" || deniedByRcps(ctx, caller, role)) continue;
    const limited = (limit: Decisions | undefined) => (limit ? tri(limit.on(role.arn)) : "yes");
    const ways: { certainty: Tri; via: AssumeEdge["via"] }[] = [
      ...direct.map((grant) => ({
        certainty: worst(grant.certainty, limited(grant.boundaryLimits ? boundedLimit : unboundedLimit)),
        via: grant.via,
      })),
      { certainty: worst(delegated.certainty, tri(decision)), via: delegated.via },
    ];
    const way = ways.find((w) => w.certainty === "yes") ?? ways.find((w) => w.certainty === "maybe");
    if (way) edges.push({ role, certainty: way.certainty as Exclude<Tri, "no">, via: way.via });
  }
  return edges;
}

/**
 * The requests worth making for the role, when the caller's own policies test the external id or
 * session name it sends, or the role's trust policy or RCPs the region it calls STS in (as the
 * organization rollup decides them: parameterChoices); undefined when none does, as for most roles.
 */
function sentRequests(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  caller: Caller,
  role: Role,
): Caller[] | undefined {
  const policy = trustPolicy(ctx, role);
  const rcps = (ctx.account.resourceControlPolicies() ?? []).map((r) => r.policy);
  const targets = policy ? [policy, ...rcps] : rcps;
  // The caller for the role chooses the keys the caller does: most roles need no caller built here.
  if (!picksParameters(caller.chosen, subject.permissions, targets)) return undefined;
  const asking = forRole(underTrust(caller, policy), ctx.snapshot.accountId, role.tags);
  return parameterChoices(asking, subject.permissions, targets);
}

/**
 * The edge to the role over the requests `sent`, the surest of them: each request's external id,
 * session name and region are read alike by the trust policy and by the caller's own policies (its
 * identity policies, boundary and SCPs, and under a direct grant what still limits it), so a caller
 * allowed only an external id the trust refuses has no edge, and one allowed the trust's is certain.
 * A region one has to enable first leaves the edge conditional (evaluateInPickedRegion).
 */
function jointEdge(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  role: Role,
  sent: readonly Caller[],
  mayCall: boolean,
  context: RequestContext,
  tags: { tagged: boolean; retaggable: boolean },
): AssumeEdge | undefined {
  const account = ctx.snapshot.accountId;
  let best: AssumeEdge | undefined;
  for (const member of sent) {
    const trust = admitted(ctx, role, member, account, subject);
    const direct = directGrants(trust, subject);
    const delegated = delegatedWay(trust);
    if (direct.length === 0 && (!mayCall || delegated.certainty === "no")) continue;
    if (deniedByRcps(ctx, member, role)) continue;
    const request = {
      action: "sts:AssumeRole",
      resource: role.arn,
      context: withParametersSent(context, member),
    };
    const decide = (permissions: PrincipalPermissions): Decision => {
      const { decision } = evaluateInPickedRegion(permissions, member, request);
      if (decision !== "Conditional" || !tags.tagged) return decision;
      const tagged = { ...request, context: withResourceTags(request.context, role) };
      const withTags = evaluateInPickedRegion(permissions, member, tagged).decision;
      if (withTags === "Allow") return "Allow";
      return withTags !== "Conditional" && !tags.retaggable ? "ImplicitDeny" : decision;
    };
    const own = decide(subject.permissions);
    if (own === "ExplicitDeny") continue;
    const ways: { certainty: Tri; via: AssumeEdge["via"] }[] = [
      ...direct.map((grant) => ({
        certainty: worst(
          grant.certainty,
          tri(decide(directGrantPolicies(ctx.catalog, subject, grant.boundaryLimits))),
        ),
        via: grant.via,
      })),
      ...(mayCall ? [{ certainty: worst(delegated.certainty, tri(own)), via: delegated.via }] : []),
    ];
    const way = ways.find((w) => w.certainty === "yes") ?? ways.find((w) => w.certainty === "maybe");
    if (!way) continue;
    const edge = { role, certainty: way.certainty as Exclude<Tri, "no">, via: way.via };
    if (!best || (best.certainty === "maybe" && edge.certainty === "yes")) best = edge;
    if (best.certainty === "yes") break;
  }
  return best;
}

/**
 * A user allowed iam:TagUser on itself, or a role allowed iam:TagRole on itself, sets the tags a
 * trust policy's aws:PrincipalTag conditions read
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html).
 */
export function tagsItself(subject: PrincipalAccess, context: RequestContext): boolean {
  if (subject.type === "group") return false;
  const action = subject.type === "user" ? "iam:TagUser" : "iam:TagRole";
  const request = { action, resource: subject.principal.arn, context };
  const decision = subject.permissions.evaluate(request).decision;
  return decision === "Allow" || decision === "Conditional";
}

/**
 * The decisions on a direct grant to the caller (directGrantPolicies), with or without its
 * permissions boundary limiting it. Undefined when nothing can refuse it: no limiting boundary, no
 * SCPs, and no Deny of sts:AssumeRole in its policies.
 */
function directGrantLimit(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  context: RequestContext,
  boundaryLimits: boolean,
): Decisions | undefined {
  const { boundary, scps } = subject.permissions.policies;
  const bounded = boundaryLimits && boundary !== undefined;
  const action = ctx.catalog.action("sts:AssumeRole")!;
  const denies = subject.permissions
    .statementsNaming(action.id)
    .some((s) => s.layer !== "scp" && s.statement.effect === "Deny");
  if (!bounded && !scps?.length && !denies) return undefined;
  return decisionsOn(directGrantPolicies(ctx.catalog, subject, bounded), "sts:AssumeRole", context);
}

function tri(decision: Decision): Tri {
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}

/** Hops followed at most, as the escalation chains do: real assume-role chains are short. */
const MAX_HOPS = 5;

/**
 * Every role the principal can reach by assuming roles in turn, each once, through its shortest
 * chain: "maybe" when some hop of that chain holds only under a condition.
 */
export function reachableRoles(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): { role: Role; certainty: Exclude<Tri, "no"> }[] {
  const reached: { role: Role; certainty: Exclude<Tri, "no"> }[] = [];
  const visited = new Set<string>([subject.principal.arn]);
  let frontier: { access: PrincipalAccess; certainty: Exclude<Tri, "no"> }[] = [
    { access: subject, certainty: "yes" },
  ];
  for (let hop = 0; hop < MAX_HOPS && frontier.length > 0; hop++) {
    const next: typeof frontier = [];
    for (const { access, certainty } of frontier) {
      for (const edge of assumableRoles(ctx, access)) {
        if (visited.has(edge.role.arn)) continue;
        visited.add(edge.role.arn);
        const through = certainty === "yes" ? edge.certainty : "maybe";
        reached.push({ role: edge.role, certainty: through });
        next.push({ access: ctx.account.of(edge.role.arn)!, certainty: through });
      }
    }
    frontier = next;
  }
  return reached;
}

/** The account's RCPs cap who may assume its roles, its own principals included. */
function deniedByRcps(ctx: PermissiveContext, member: Caller, role: Role): boolean {
  const rcps = ctx.account.resourceControlPolicies();
  if (!rcps) return false;
  const caller = forRole(underTrust(member, trustPolicy(ctx, role)), ctx.snapshot.accountId, role.tags);
  const request = {
    action: "sts:AssumeRole",
    resource: role.arn,
    names: caller.names,
    conditions: (clauses: readonly ConditionClause[]) => callerConditions(caller, clauses, "every-request"),
  };
  return resourceControlDenial(rcps, ctx.snapshot.accountId, request).certainty === "yes";
}

function worst(a: Tri, b: Tri): Tri {
  return a === "no" || b === "no" ? "no" : a === "maybe" || b === "maybe" ? "maybe" : "yes";
}

/**
 * A trust policy without conditions that names only the account or anyone lets every principal
 * of the account in the same way: decided once per role, not once per principal.
 */
const sameForEveryone = new WeakMap<AccountPermissions, Map<string, Admitted | null>>();

/**
 * The trust policy's decision for the member caller asking for this role (the keys of the
 * resource are the role's: built only where a trust policy is evaluated, since most candidates of
 * a large account trust every caller alike).
 */
function trustFor(ctx: PermissiveContext, subject: PrincipalAccess, member: Caller, role: Role): Admitted {
  let memo = sameForEveryone.get(ctx.account);
  if (!memo) {
    memo = new Map();
    sameForEveryone.set(ctx.account, memo);
  }
  let shared = memo.get(role.arn);
  if (shared === undefined) {
    shared = subjectFree(ctx, role) ? trustOf(ctx, subject, member, role) : null;
    memo.set(role.arn, shared);
  }
  return shared ?? trustOf(ctx, subject, member, role);
}

function trustOf(ctx: PermissiveContext, subject: PrincipalAccess, member: Caller, role: Role): Admitted {
  const account = ctx.snapshot.accountId;
  const asking = forRole(underTrust(member, trustPolicy(ctx, role)), account, role.tags);
  return admitted(ctx, role, asking, account, subject);
}

const trustPolicy = (ctx: PermissiveContext, role: Role) => ctx.account.trustPolicyOf(role.arn)?.policy;

function subjectFree(ctx: PermissiveContext, role: Role): boolean {
  const account = ctx.snapshot.accountId;
  if (assumeDenies(ctx, role).length > 0) return false;
  return assumeStatements(ctx, role).every(
    (s) =>
      s.conditions.length === 0 &&
      !s.notPrincipal &&
      (s.principal?.any ||
        (s.principal?.values.AWS ?? []).every(
          (v) => v === "*" || v === account || isAccountRoot(v, account),
        )),
  );
}
