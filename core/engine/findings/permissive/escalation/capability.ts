import type { PrincipalAccess } from "../../../account/permissions.js";
import { withUnreadPolicies } from "../../../account/unread-policies.js";
import type { ActionSet } from "../../../catalog/action-set.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { hasPolicyVariable } from "../../../policy/arn.js";
import { allOf, anyOf, type Tri } from "../../../policy/context.js";
import { decisionOf } from "../../../policy/evaluate.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import type { Group } from "../../../snapshot/model.js";
import { membersOf } from "../../../snapshot/relation-index.js";
import type { PermissiveContext } from "../context.js";
import { ownCallSubjects } from "../own-facts.js";

/**
 * A principal's capability, summarized once: what it may do somewhere, what it may do everywhere
 * without a condition, and (lazily, per action) concrete requests it is allowed without doubt.
 * Comparisons between principals read these summaries; they never re-walk policies per pair.
 */
interface Capability {
  possible: ActionSet;
  count: number;
  everywhere: ActionSet;
  /** Per action: resources this principal is certainly allowed the action on, and whether more were left out. */
  probes: Map<number, Probes>;
  /** Decisions on other principals' probes, so that a resource is evaluated once per principal. */
  decided: Map<string, boolean>;
}

interface Probes {
  resources: string[];
  cut: boolean;
}

const summaries = new WeakMap<PrincipalAccess, Capability>();
/** Per subject, per principal compared (an object: a user as its access key acts is one of its own). */
const comparisons = new WeakMap<PrincipalAccess, WeakMap<PrincipalAccess, Tri>>();

/**
 * Actions looked at beyond the action-level comparison, per pair, and resources per action: a
 * bound, not a sample. A comparison the bound cuts short before finding a difference is "maybe".
 */
const MAX_ACTIONS = 64;
const MAX_PROBES = 4;
const PROBE = "whittle-probe";

function capability(access: PrincipalAccess): Capability {
  let summary = summaries.get(access);
  if (!summary) {
    const effective = access.permissions.effective();
    summary = {
      possible: effective.possible,
      count: effective.possible.count(),
      everywhere: effective.unconditional,
      probes: new Map(),
      decided: new Map(),
    };
    summaries.set(access, summary);
  }
  return summary;
}

/**
 * Whether `other` can do something `subject` cannot — an action, a resource or a request without
 * the condition `subject` needs — the only reason to pass, join or become it. Action sets settle
 * most pairs; otherwise, for the actions `subject` is not allowed everywhere unconditionally, the
 * resources `other` is certainly allowed are evaluated for `subject` with the evaluator. "maybe"
 * where the bound left some unlooked at: a path through `other` is then conditional, not dropped.
 */
export function morePrivileged(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  other: PrincipalAccess,
): Tri {
  if (other.principal.arn === subject.principal.arn) return "no";
  let known = comparisons.get(subject);
  if (!known) {
    known = new WeakMap();
    comparisons.set(subject, known);
  }
  let more = known.get(other);
  if (more === undefined) {
    more = compare(ctx, subject, actingAsItself(ctx, other));
    // What a policy of `other` the snapshot holds no document for grants is unknown: "maybe" more.
    const unread = more === "yes" ? undefined : withUnreadPolicies(ctx.catalog, ctx.snapshot, other);
    if (unread && compare(ctx, subject, { ...other, permissions: unread.permissions }) !== "no")
      more = "maybe";
    known.set(other, more);
  }
  return more;
}

/**
 * `other` as the calls made with it stand: a role's session, or a user's key, signs with its own
 * ARN and principal type, so a condition on them (an SCP's Deny sparing a break-glass role by
 * aws:PrincipalArn) is decided for it, as it is not for its policies read alone. A principal
 * whose calls may also come otherwise (a user's federated sessions) is read as its policies stand.
 */
function actingAsItself(ctx: PermissiveContext, other: PrincipalAccess): PrincipalAccess {
  const kinds = ownCallSubjects(ctx, other);
  return kinds?.length === 1 ? kinds[0]! : other;
}

const bounded = new WeakMap<PrincipalAccess, Tri>();
const withoutBoundary = new WeakMap<PrincipalAccess, PrincipalAccess>();

/** The principal as its own policies (and SCPs) alone would make it. */
function unbounded(ctx: PermissiveContext, subject: PrincipalAccess): PrincipalAccess {
  let access = withoutBoundary.get(subject);
  if (!access) {
    const { boundary: _, ...rest } = subject.permissions.policies;
    access = { ...subject, permissions: new PrincipalPermissions(ctx.catalog, rest) };
    withoutBoundary.set(subject, access);
  }
  return access;
}

/**
 * Whether the principal's permissions boundary keeps from it something its own policies (and
 * SCPs) would allow: what it gains by removing or replacing the boundary.
 */
export function boundaryHolds(ctx: PermissiveContext, subject: PrincipalAccess): Tri {
  if (!subject.permissions.hasBoundary) return "no";
  let holds = bounded.get(subject);
  if (holds === undefined) {
    holds = compare(ctx, subject, unbounded(ctx, subject));
    bounded.set(subject, holds);
  }
  return holds;
}

const rooms = new WeakMap<PrincipalAccess, Map<string, Tri>>();

/**
 * Whether a grant to `target` (the subject itself, or a user or role it then acts as) can give the
 * subject anything: the target's permissions boundary caps every policy it is given, so through a
 * bounded target the subject gains only what the boundary (under the target's SCPs) allows and it
 * cannot do already. Without a boundary, a grant can give it anything.
 */
export function grantRoom(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  target: PrincipalAccess = subject,
): Tri {
  const { boundary, scps } = target.permissions.policies;
  if (!boundary) return "yes";
  let known = rooms.get(subject);
  if (!known) {
    known = new Map();
    rooms.set(subject, known);
  }
  let room = known.get(target.principal.arn);
  if (room === undefined) {
    const lifts = liftsBoundary(subject, target);
    if (lifts === "yes") room = "yes";
    else {
      const permissions = new PrincipalPermissions(ctx.catalog, {
        identity: [boundary],
        ...(scps ? { scps } : {}),
      });
      // A lift allowed only under a condition leaves the grant a path, no surer than "maybe".
      room = anyOf([compare(ctx, subject, { ...target, permissions }), lifts]);
    }
    known.set(target.principal.arn, room);
  }
  return room;
}

/**
 * Whether a grant to a group can give the subject anything: the group's policies act for each of
 * its members under that member's boundary, the subject's own included when it is one. A group
 * without known members keeps the grant a path: membership is read from the users' own lists, and
 * a member the snapshot does not show would be capped by nothing known.
 */
export function groupGrantRoom(ctx: PermissiveContext, subject: PrincipalAccess, group: Group): Tri {
  const members = membersOf(ctx.snapshot, group);
  if (members.length === 0) return "yes";
  let room: Tri = "no";
  for (const member of members) {
    const access = ctx.account.of(member.arn);
    const gains = access ? grantRoom(ctx, subject, access) : "yes";
    if (gains === "yes") return "yes";
    if (gains === "maybe") room = "maybe";
  }
  return room;
}

/**
 * Whether the subject may remove or replace the target's boundary: a boundary it can lift caps no
 * grant it also makes, whatever that boundary allows today. "maybe" where only a call meeting a
 * condition may lift it.
 */
function liftsBoundary(subject: PrincipalAccess, target: PrincipalAccess): Tri {
  if (target.type === "group") return "no";
  const kind = target.type === "user" ? "User" : "Role";
  return anyOf(
    [`iam:Delete${kind}PermissionsBoundary`, `iam:Put${kind}PermissionsBoundary`].map((action) => {
      const decision = decisionOf(subject.permissions, { action, resource: target.principal.arn });
      return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
    }),
  );
}

/**
 * Whether another principal's permissions boundary is all that keeps from it something `subject`
 * cannot do: removing or replacing that boundary makes it more privileged than `subject`.
 */
export function moreWithoutBoundary(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  other: PrincipalAccess,
): Tri {
  if (other.principal.arn === subject.principal.arn) return "no";
  const holds = boundaryHolds(ctx, other);
  if (holds === "no") return "no";
  return allOf([holds, compare(ctx, subject, unbounded(ctx, other))]);
}

function compare(ctx: PermissiveContext, subject: PrincipalAccess, other: PrincipalAccess): Tri {
  const mine = capability(subject);
  const theirs = capability(other);
  // More actions cannot all be among fewer: the count settles most pairs without the bitwise walk.
  if (theirs.count > mine.count || !theirs.possible.isSubsetOf(mine.possible)) return "yes";
  // Usually all of it is allowed to `subject` everywhere without condition: no residual to build.
  if (theirs.possible.isSubsetOf(mine.everywhere)) return "no";
  const residual = theirs.possible.minus(mine.everywhere);
  // Past the bound, an action or resource left unlooked at may be the difference.
  let cut = false;
  let looked = 0;
  for (const id of residual.ids()) {
    if (looked++ >= MAX_ACTIONS) {
      cut = true;
      break;
    }
    const action = ctx.catalog.actions[id]!;
    const probed = probes(ctx, other, theirs, action);
    if (probed.cut) cut = true;
    for (const resource of probed.resources) {
      const key = `${action.key}\u0000${resource}`;
      let allowed = mine.decided.get(key);
      if (allowed === undefined) {
        allowed = subject.permissions.evaluate({ action: action.key, resource }).decision === "Allow";
        mine.decided.set(key, allowed);
      }
      if (!allowed) return "yes";
    }
  }
  return cut ? "maybe" : "no";
}

/** Resources `access` is certainly allowed `action` on: its Resource patterns made concrete. */
function probes(
  ctx: PermissiveContext,
  access: PrincipalAccess,
  summary: Capability,
  action: ActionInfo,
): Probes {
  let list = summary.probes.get(action.id);
  if (!list) {
    const candidates = new Set<string>();
    for (const s of access.permissions.statementsFor(action.id)) {
      if (s.statement.effect !== "Allow" || s.layer !== "identity") continue;
      const patterns = s.statement.notResource ? ["*"] : (s.statement.resources ?? ["*"]);
      for (const pattern of patterns) {
        if (hasPolicyVariable(pattern)) continue;
        candidates.add(
          pattern === "*" ? standIn(ctx, action) : pattern.replace(/\*/g, PROBE).replace(/\?/g, "x"),
        );
      }
    }
    const resources = [...candidates]
      .slice(0, MAX_PROBES)
      .filter(
        (resource) => access.permissions.evaluate({ action: action.key, resource }).decision === "Allow",
      );
    list = { resources, cut: candidates.size > MAX_PROBES };
    summary.probes.set(action.id, list);
  }
  return list;
}

/** A resource of the action's own type in this account, for a grant on `*`. */
export function standIn(ctx: PermissiveContext, action: ActionInfo): string {
  if (action.wildcardOnly) return "*";
  const format =
    action.resourceTypes.find((rt) => rt.required)?.arnFormat ?? action.resourceTypes[0]!.arnFormat;
  return format
    .replace("${Partition}", "aws")
    .replace("${Region}", "us-east-1")
    .replace("${Account}", ctx.snapshot.accountId)
    .replace(/\$\{[^}]+\}/g, PROBE);
}
