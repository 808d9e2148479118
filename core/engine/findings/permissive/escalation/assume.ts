import type { AccountPermissions, PrincipalAccess } from "../../../account/permissions.js";
import { isAccountRoot, parseArn } from "../../../policy/arn.js";
import { anyOf, type RequestContext, type Tri } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import { parsePolicyOrThrow } from "../../../policy/parse.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { resourceControlDenial } from "../../../policy/resource-control.js";
import type { ConditionClause } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import { attackContext, type PermissiveContext } from "../context.js";
import { type Caller, callerConditions } from "../trust/caller.js";
import { forRole, memberCaller } from "../trust/callers.js";
import { type Decisions, decisionsOn } from "./decisions.js";
import { nameable } from "./nameable.js";
import { mayRetag, taggedAllows, testsResourceTags } from "./resource-tags.js";
import {
  allowedDespite,
  assumeDenies,
  assumeStatements,
  rolesAssumableByPrincipals,
  trustCandidates,
} from "./trust.js";

export interface AssumeEdge {
  role: Role;
  certainty: Exclude<Tri, "no">;
  /** How the trust policy lets the caller in. */
  via: "named" | "account" | "anyone";
}

/**
 * The roles a principal can assume. Per the AssumeRole API reference, a principal of the same
 * account may assume a role either when its trust policy names the principal directly (no
 * identity-policy permission needed), or when the trust policy trusts the account and the
 * principal's identity policies allow sts:AssumeRole on the role. A trust granting `*` grants
 * every user and role of the account directly too, within its conditions (aws:PrincipalArn,
 * aws:PrincipalAccount): "for IAM users and role principals within your account, no other
 * permissions are required", and permissions boundaries do not limit it. An explicit Deny in the
 * principal's policies blocks every way. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://github.com/awsdocs/iam-user-guide/blob/149cf97fe14b7e6d388636b7b387b3149232e7b5/doc_source/reference_policies_elements_principal.md
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
  const edges: AssumeEdge[] = [];
  const context = attackContext(ctx, subject);
  const caller = memberCaller(ctx.snapshot.collectedAt, ctx.snapshot.accountId, {
    type: subject.type,
    arn: subject.principal.arn,
    name: subject.principal.name,
    ...("tags" in subject.principal ? { tags: subject.principal.tags } : {}),
    ...(tagsItself(subject, context) ? { choosesTags: true } : {}),
  });
  const assume = decisionsOn(subject.permissions, "sts:AssumeRole", context);
  const namedLimit = directGrantLimit(ctx, subject, context, "named");
  const wildcardLimit = directGrantLimit(ctx, subject, context, "wildcard");
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
  // A group is no caller: its members are, through its policies, so nothing is granted to it directly.
  const granted = subject.type !== "group";
  for (const role of candidates) {
    if (role.arn === subject.principal.arn) continue;
    const trust = trustFor(ctx, subject, caller, role);
    const direct = trust.named !== "no" || trust.session !== "no" || (granted && trust.wildcard !== "no");
    if (!direct && (!mayCall || trust.delegated.certainty === "no")) continue;
    if (callable && !callable.has(role) && !direct) continue;
    const decision = withRoleTags(assume.on(role.arn), role.arn);
    if (decision === "ExplicitDeny" || deniedByRcps(ctx, caller, role)) continue;
    const limited = (limit: Decisions | undefined) => (limit ? tri(limit.on(role.arn)) : "yes");
    const ways: { certainty: Tri; via: AssumeEdge["via"] }[] = [
      { certainty: worst(trust.named, limited(namedLimit)), via: "named" },
      // A grant to a session of the caller's role: no permissions boundary limits it, as for `*`.
      { certainty: worst(trust.session, limited(wildcardLimit)), via: "named" },
      { certainty: granted ? worst(trust.wildcard, limited(wildcardLimit)) : "no", via: "anyone" },
      { certainty: worst(trust.delegated.certainty, tri(decision)), via: trust.delegated.via },
    ];
    const way = ways.find((w) => w.certainty === "yes") ?? ways.find((w) => w.certainty === "maybe");
    if (way) edges.push({ role, certainty: way.certainty as Exclude<Tri, "no">, via: way.via });
  }
  return edges;
}

/**
 * A user allowed iam:TagUser on itself, or a role allowed iam:TagRole on itself, sets the tags a
 * trust policy's aws:PrincipalTag conditions read
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html).
 */
function tagsItself(subject: PrincipalAccess, context: RequestContext): boolean {
  if (subject.type === "group") return false;
  const action = subject.type === "user" ? "iam:TagUser" : "iam:TagRole";
  const request = { action, resource: subject.principal.arn, context };
  const decision = subject.permissions.evaluate(request).decision;
  return decision === "Allow" || decision === "Conditional";
}

/**
 * What still limits a trust policy's direct grant to the caller: the SCPs, always, and for a grant
 * naming a role, its permissions boundary (a grant to a user's ARN is not limited by its boundary,
 * one to a role's is; one to a session of the role, or to `*`, by neither: "wildcard" is the limit
 * of those). The explicit Denies of its own policies, and of a boundary that does not limit the
 * grant, still refuse it, so a Deny under a condition leaves it conditional. Evaluated as if its
 * own policies allowed everything. Undefined when nothing limits it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
function directGrantLimit(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  context: RequestContext,
  grant: "named" | "wildcard",
): Decisions | undefined {
  const { identity, boundary, scps } = subject.permissions.policies;
  const bounded = grant === "named" && subject.type === "role" && boundary !== undefined;
  const action = ctx.catalog.action("sts:AssumeRole")!;
  const denies = subject.permissions
    .statementsNaming(action.id)
    .some((s) => s.layer !== "scp" && s.statement.effect === "Deny");
  if (!bounded && !scps?.length && !denies) return undefined;
  const limits = new PrincipalPermissions(ctx.catalog, {
    identity: [
      { source: "everything", policy: ALLOW_ALL },
      ...identity,
      ...(boundary && !bounded ? [boundary] : []),
    ],
    ...(bounded ? { boundary } : {}),
    ...(scps?.length ? { scps } : {}),
  });
  return decisionsOn(limits, "sts:AssumeRole", context);
}

const ALLOW_ALL = parsePolicyOrThrow(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  "everything",
);

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
  const caller = forRole(member, ctx.snapshot.accountId, role.tags);
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
 * The trust policy's decision for the caller, by how it lets it in: by its name, by a session of
 * its role, as `*` (grants needing no identity permission), or through its account or a
 * NotPrincipal (needing one).
 */
type Trust = {
  named: Tri;
  session: Tri;
  wildcard: Tri;
  delegated: { certainty: Tri; via: AssumeEdge["via"] };
};

/** How one trust-policy principal value covers the caller: a session ARN of its role apart. */
type TrustedAs = AssumeEdge["via"] | "session";

/**
 * A trust policy without conditions that names only the account or anyone lets every principal
 * of the account in the same way: decided once per role, not once per principal.
 */
const sameForEveryone = new WeakMap<AccountPermissions, Map<string, Trust | null>>();

/**
 * The trust policy's decision for the member caller asking for this role (the keys of the
 * resource are the role's: built only where a trust policy is evaluated, since most candidates of
 * a large account trust every caller alike).
 */
function trustFor(ctx: PermissiveContext, subject: PrincipalAccess, member: Caller, role: Role): Trust {
  let memo = sameForEveryone.get(ctx.account);
  if (!memo) {
    memo = new Map();
    sameForEveryone.set(ctx.account, memo);
  }
  let shared = memo.get(role.arn);
  if (shared === undefined) {
    shared = subjectFree(ctx, role) ? trustOf(ctx, subject, asking(ctx, member, role), role) : null;
    memo.set(role.arn, shared);
  }
  return shared ?? trustOf(ctx, subject, asking(ctx, member, role), role);
}

function asking(ctx: PermissiveContext, member: Caller, role: Role): Caller {
  return forRole(member, ctx.snapshot.accountId, role.tags);
}

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

function trustOf(ctx: PermissiveContext, subject: PrincipalAccess, caller: Caller, role: Role): Trust {
  const named: Tri[] = [];
  const session: Tri[] = [];
  const wildcard: Tri[] = [];
  const delegated: { certainty: Tri; via: AssumeEdge["via"] }[] = [];
  // The trust policy's Deny statements that name this principal (`*`, its account, its ARN).
  const denies = assumeDenies(ctx, role).filter((d) => {
    const values = d.principal?.any ? ["*"] : (d.principal?.values.AWS ?? []);
    return d.notPrincipal
      ? notNamed(ctx, subject, values).length > 0
      : values.some((v) => trustedAs(ctx, subject, v));
  });
  for (const s of assumeStatements(ctx, role)) {
    const values = s.principal?.any ? ["*"] : (s.principal?.values.AWS ?? []);
    const vias = s.notPrincipal
      ? notNamed(ctx, subject, s.principal?.any ? ["*"] : values)
      : values.flatMap((value) => trustedAs(ctx, subject, value) ?? []);
    if (vias.length === 0) continue;
    // The trust policy's conditions, evaluated for this principal's own AssumeRole request.
    const certainty = allowedDespite(caller, s.conditions, denies);
    if (certainty === "no") continue;
    for (const via of vias) {
      if (via === "named") named.push(certainty);
      else if (via === "session") session.push(certainty);
      else delegated.push({ certainty, via });
    }
    if (!s.notPrincipal && values.includes("*")) wildcard.push(certainty);
  }
  return {
    named: anyOf(named),
    session: anyOf(session),
    wildcard: anyOf(wildcard),
    delegated: {
      certainty: anyOf(delegated.map((m) => m.certainty)),
      via: delegated.some((m) => m.via === "anyone") ? "anyone" : "account",
    },
  };
}

/**
 * An Allow with NotPrincipal lets in everyone it does not name: the caller, as anyone, unless a
 * value names it, its account or everyone (a session's account is checked first, as for a Deny).
 * https://github.com/awsdocs/iam-user-guide/blob/614c30d1d9ac171ed8d245f126a71db083b250fc/doc_source/reference_policies_elements_notprincipal.md
 */
function notNamed(ctx: PermissiveContext, subject: PrincipalAccess, values: readonly string[]): TrustedAs[] {
  return values.some((value) => trustedAs(ctx, subject, value) !== undefined) ? [] : ["anyone"];
}

/** Whether one trust-policy AWS principal value covers the caller, and how. */
function trustedAs(ctx: PermissiveContext, subject: PrincipalAccess, value: string): TrustedAs | undefined {
  if (value === "*") return "anyone";
  const account = ctx.snapshot.accountId;
  if (value === account || isAccountRoot(value, account)) return "account";
  if (subject.type === "group") return undefined;
  if (value === subject.principal.arn) return "named";
  // A trust policy naming a session of a role (arn:aws:sts::…:assumed-role/NAME/session) trusts
  // that role, and within the account no implicit deny of its permissions boundary limits it.
  const arn = parseArn(value);
  if (subject.type === "role" && arn?.service === "sts" && arn.account === account) {
    const [kind, name] = arn.resource.split("/");
    if (kind === "assumed-role" && name === subject.principal.name) return "session";
  }
  return undefined;
}
