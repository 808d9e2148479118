import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { allOf, anyOf, type RequestContext, type Tri } from "../../../policy/context.js";
import {
  attackContext,
  callContext,
  calledAtIam,
  iamRegion,
  type PermissiveContext,
  untaggedCall,
} from "../context.js";
import { reachableRoles } from "./assume.js";
import { attachedPolicies } from "./attached-policies.js";
import {
  boundaryHolds,
  grantRoom,
  groupGrantRoom,
  morePrivileged,
  moreWithoutBoundary,
} from "./capability.js";
import { chosenPolicies, withoutBoundary } from "./chosen-policy.js";
import { poolTakeovers } from "./cognito-pools.js";
import { type Decisions, decisionsOn } from "./decisions.js";
import { takenOverAs } from "./key-takeover.js";
import { nameable } from "./nameable.js";
import { type NewResourceName, newResourceNames } from "./new-resources.js";
import { nodeCommands } from "./node-commands.js";
import { clientIdTakeovers } from "./oidc-client-ids.js";
import { principalsOf } from "./principals-of.js";
import { testsResourceTags } from "./resource-tags.js";
import { retagGains } from "./retag.js";
import { samlTakeovers } from "./saml-providers.js";
import { grantHeld } from "./sessionless.js";
import { byTags } from "./tag-decisions.js";
import { loginProfileFits, placeIn, roomFor, versionable } from "./target-room.js";
import { rolesTrustingService, serviceTrustCap } from "./trust.js";
import type { Requirement, Target } from "./types.js";
import { withArn } from "./with-arn.js";

export interface RequirementResult {
  certainty: Tri;
  /** Real resources of the snapshot that make the step exploitable, best first (a few, for evidence). */
  targets: string[];
  /** What the targets are when IAM data cannot list them (resources the caller creates, instances). */
  unlisted?: string;
  /** Targets the caller tags first, to meet a condition on their tags (aws:ResourceTag). */
  retagged?: string[];
  /** The managed policy the step attaches (or puts as a boundary), picked to meet a condition on it. */
  policyArn?: string;
  /** Users holding two access keys already, one of which the caller deletes first (roomFor). */
  deletesKeyFirst?: string[];
  /** Policies holding five versions already, one of which the caller deletes first (roomFor). */
  deletesVersionFirst?: string[];
}

/**
 * Decides one requirement by evaluating the action on each resource its target stands for. Where
 * the policies test the ARN of the policy the call attaches, the caller's pick among those that
 * would escalate is tried first; if none is certain, the key stays unknown as any other.
 */
export function resolveRequirement(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  requirement: Requirement,
  /** The region the caller makes the path's calls in, where it picks one (pathRegions). */
  chosenRegion?: string,
  /** The one user or role a privileged or role-passing step works on, however privileged (takeOverPaths). */
  only?: string,
): RequirementResult {
  const action = ctx.catalog.action(requirement.action)!;
  // Not allowed on any resource under any condition: no candidate needs looking at.
  if (!subject.permissions.effective().possible.has(action.id)) return { certainty: "no", targets: [] };
  // Asked about one role, a step passing roles to a service that role does not trust has none to work on.
  if (only !== undefined && !mayServe(ctx, requirement.target, only)) return { certainty: "no", targets: [] };
  const extra: Record<string, string> =
    requirement.target.kind === "pass-role" && !requirement.target.passedToUnknown
      ? { "iam:PassedToService": requirement.target.service }
      : {};
  const region = calledAtIam(action.key) ? iamRegion(subject.principal.arn) : chosenRegion;
  if (region) extra["aws:RequestedRegion"] = region;
  const { chosen, context } = requestsOf(ctx, subject, action, extra);
  for (const { policyArn, context } of chosen) {
    const result = resolveIn(ctx, subject, requirement, action, context, only);
    if (result.certainty === "yes") return { ...result, policyArn };
  }
  const result = resolveIn(ctx, subject, requirement, action, context, only);
  // A resource the caller creates it may create without tags: a condition on them it meets so
  // (ForAllValues on aws:TagKeys) is no doubt. Tagging calls themselves always pass some.
  // So may a user or role it creates be given no permissions boundary.
  if (result.certainty !== "maybe" || requirement.target.kind !== "new") return result;
  const untagged = TAGGING.test(action.key) ? undefined : untaggedCall(ctx.catalog, action.key, context);
  const unbounded = withoutBoundary(action.key, context);
  const both = untagged && withoutBoundary(action.key, untagged);
  for (const other of [untagged, unbounded, both]) {
    if (!other) continue;
    const without = resolveIn(ctx, subject, requirement, action, other, only);
    if (without.certainty === "yes") return without;
  }
  return result;
}

interface Requests {
  /** The request attaching each policy the caller would pick (chosenPolicies), in its order. */
  chosen: { policyArn: string; context: RequestContext }[];
  context: RequestContext;
}

const requestsBy = new WeakMap<PermissiveContext, WeakMap<PrincipalAccess, Map<string, Requests>>>();

/**
 * The subject's request contexts for `action` with `extra`, built once: the organization rollup
 * resolves the same step for one caller against each principal it may take over.
 */
function requestsOf(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  extra: Record<string, string>,
): Requests {
  let bySubject = requestsBy.get(ctx);
  if (!bySubject) {
    bySubject = new WeakMap();
    requestsBy.set(ctx, bySubject);
  }
  let memo = bySubject.get(subject);
  if (!memo) {
    memo = new Map();
    bySubject.set(subject, memo);
  }
  const key = `${action.key}\u0000${JSON.stringify(extra)}`;
  let requests = memo.get(key);
  if (!requests) {
    // A call whose action takes no request tags certainly lacks them (iam:PutUserPolicy).
    const contextWith = (values: Record<string, string>) =>
      callContext(ctx.catalog, action.key, attackContext(ctx, subject, values));
    const context = contextWith(extra);
    const picked = chosenPolicies(ctx, subject, action, context);
    const chosen = (picked?.arns ?? []).map((policyArn) => ({
      policyArn,
      context: contextWith({ ...extra, [picked!.key]: policyArn }),
    }));
    requests = { chosen, context };
    memo.set(key, requests);
  }
  return requests;
}

/**
 * Whether a step handing roles to a service (passing one, or running code where one is at work)
 * can work on the role `arn`: only if that role trusts the service. Other steps may work on any.
 */
export function mayServe(ctx: PermissiveContext, target: Target, arn: string): boolean {
  if (target.kind !== "pass-role" && target.kind !== "service-role") return true;
  return withArn(rolesTrustingService(ctx, target.service, target.instanceProfile === true), arn).length > 0;
}

/** Calls that set or remove tags, whose requests name some. */
const TAGGING = /:(?:un)?tag/i;

function resolveIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  requirement: Requirement,
  action: ActionInfo,
  context: RequestContext,
  only: string | undefined,
): RequirementResult {
  const decisions = decisionsIn(subject, action, context);
  const tagged = testsResourceTags(subject, action.id);
  const retagged = new Set<string>();
  const decide = byTags(ctx, subject, action, context, decisions.on, retagged);
  // "no" for every resource: no candidate can change it, and finding them is the cost.
  if (decisions.bound === "no" || (decisions.uniform && decide("*") === "no"))
    return { certainty: "no", targets: [] };
  // Every candidate allowed comes out with the same certainty: the first few are the targets. A
  // candidate reached through a conditional trust is capped apart from the decision, and one whose
  // tags meet a condition (or that the caller may retag) can be certain where others are not.
  const room = roomFor(ctx, action);
  const slot = room && placeIn(ctx, subject, room, context);
  const alike =
    !tagged &&
    !slot &&
    (decisions.bound === "maybe" ||
      (decisions.uniform &&
        requirement.target.kind !== "assumable-policy" &&
        requirement.target.kind !== "unbound"));
  const results: { resource: string; certainty: Tri }[] = [];
  // Candidates come lazily, cheapest tests first, and the walk stops once enough sure targets are
  // known: in an account of thousands of roles, a PassRole on `*` would otherwise cost a
  // privilege comparison with every role.
  const shown = new Set<string>();
  let sure = 0;
  // Alike, a candidate capped below "yes" (a trust's condition, a comparison cut short) may still
  // come out below the rest: only uncapped ones fill the few targets, unless none can be sure.
  let uncapped = 0;
  for (const candidate of candidates(ctx, subject, action, requirement.target, decide, only)) {
    const judged = decide(candidate.resource);
    const certainty = allOf([
      judged === "no" && candidate.unsure ? "maybe" : judged,
      candidate.cap ?? "yes",
      slot?.(candidate.resource) ?? "yes",
    ]);
    if (certainty === "no") continue;
    results.push({ resource: candidate.resource, certainty });
    for (const arn of candidate.shows) shown.add(arn);
    if (certainty === "yes" && ++sure >= MAX_TARGETS) break;
    if ((candidate.cap ?? "yes") === "yes") uncapped++;
    if (alike && (decisions.bound === "maybe" ? results.length : uncapped) >= MAX_TARGETS) break;
  }
  const certainty = anyOf(results.map((r) => r.certainty));
  if (certainty === "no") return { certainty, targets: [] };
  const best = results.filter((r) => r.certainty === certainty).map((r) => r.resource);
  switch (requirement.target.kind) {
    case "new":
      return { certainty, targets: [], unlisted: `a new resource the caller names (${action.key})` };
    case "service-role":
      return {
        certainty,
        targets: [...shown].slice(0, MAX_TARGETS),
        unlisted: `the ${requirement.target.service} resources that run with these roles (IAM data cannot list them)`,
      };
    default: {
      const targets = best.slice(0, MAX_TARGETS);
      const tagFirst = targets.filter((arn) => retagged.has(arn));
      const deleteFirst = room ? targets.filter(room.full) : [];
      return {
        certainty,
        targets,
        ...(tagFirst.length > 0 ? { retagged: tagFirst } : {}),
        ...(room && deleteFirst.length > 0 ? { [room.field]: deleteFirst } : {}),
      };
    }
  }
}

const MAX_TARGETS = 5;

const decided = new WeakMap<PrincipalAccess, WeakMap<RequestContext, Map<string, Decisions>>>();

/** The subject's decisions on `action` in `context`, asked once per context the subject keeps (requestsOf). */
function decisionsIn(subject: PrincipalAccess, action: ActionInfo, context: RequestContext): Decisions {
  let byContext = decided.get(subject);
  if (!byContext) {
    byContext = new WeakMap();
    decided.set(subject, byContext);
  }
  let byAction = byContext.get(context);
  if (!byAction) {
    byAction = new Map();
    byContext.set(context, byAction);
  }
  let decisions = byAction.get(action.key);
  if (!decisions) {
    decisions = decisionsOn(subject.permissions, action.key, context);
    byAction.set(action.key, decisions);
  }
  return decisions;
}

/** A resource to evaluate, and the snapshot's principals it stands for in evidence. */
interface Candidate {
  resource: string;
  shows: readonly string[];
  /** The most the step can be through this candidate, whatever the decision on it. */
  cap?: Tri;
  /** A stand-in for a name the caller may pick that the search could not find: "no" on it is "maybe". */
  unsure?: boolean;
}

const fresh = ({ resource, unsure }: NewResourceName): Candidate => ({ resource, shows: [], unsure });

function* candidates(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  target: Target,
  decide: (resource: string) => Tri,
  only: string | undefined,
): Generator<Candidate> {
  // Asked about one principal, the caller knows why it matters: it is compared with no one.
  const pick = <T extends { arn: string }>(list: readonly T[]): readonly T[] =>
    only === undefined ? nameable(subject, action, list) : withArn(list, only);
  switch (target.kind) {
    case "new": {
      const room = target.joined ? grantRoom(ctx, subject) : "yes";
      if (room === "no") return;
      yield* newResourceNames(ctx, subject, action).map((name) => ({ ...fresh(name), cap: room }));
      return;
    }
    case "pass-role":
    case "service-role": {
      const service = rolesTrustingService(ctx, target.service, target.instanceProfile === true);
      const trusting = only === undefined ? service : withArn(service, only);
      const privileged: string[] = [];
      const caps: Tri[] = [];
      for (const role of target.kind === "pass-role" ? pick(trusting) : trusting) {
        const anyRole = target.kind === "pass-role" && target.anyRole;
        const more =
          anyRole || only !== undefined ? "yes" : morePrivileged(ctx, subject, ctx.account.of(role.arn)!);
        if (more === "no") continue;
        const trusted = allOf([serviceTrustCap(ctx, role, target.service), more]);
        if (target.kind === "pass-role") {
          if (decide(role.arn) !== "no") yield { resource: role.arn, shows: [role.arn], cap: trusted };
        } else {
          caps.push(trusted);
          if (privileged.push(role.arn) >= MAX_TARGETS) break;
        }
      }
      // The service's resources running with those roles: stand-ins, since IAM cannot list them.
      if (privileged.length === 0) return;
      const found =
        nodeCommands(ctx, subject, action, decide) ?? newResourceNames(ctx, subject, action).map(fresh);
      const cap = anyOf(caps);
      yield* found.map((c) => ({ ...c, cap: allOf([c.cap ?? "yes", cap]), shows: privileged }));
      return;
    }
    case "principal": {
      if (target.type === "group") {
        // A grant to a group is capped by each member's boundary.
        for (const g of nameable(subject, action, ctx.snapshot.groups)) {
          const room = groupGrantRoom(ctx, subject, g);
          if (room !== "no") yield { resource: g.arn, shows: [g.arn], cap: room };
        }
        return;
      }
      for (const p of nameable(subject, action, principalsOf(ctx, target.type, action))) {
        // A grant is capped by the grantee's boundary: to itself, or to a user or role it then acts as.
        const grantee = ctx.account.of(p.arn);
        const room = grantee ? grantRoom(ctx, subject, grantee) : "yes";
        if (room === "no") continue;
        if (!loginProfileFits(ctx, subject, action, p.arn)) continue;
        yield { resource: p.arn, shows: [p.arn], cap: allOf([room, grantHeld(ctx, subject, p.arn)]) };
      }
      return;
    }
    case "privileged": {
      for (const p of pick(principalsOf(ctx, target.type, action))) {
        if (!loginProfileFits(ctx, subject, action, p.arn)) continue;
        const more =
          only !== undefined
            ? "yes"
            : morePrivileged(ctx, subject, takenOverAs(ctx, subject, action, p.arn, target.via));
        if (more !== "no" && decide(p.arn) !== "no") yield { resource: p.arn, shows: [p.arn], cap: more };
      }
      return;
    }
    case "own-policy":
      yield* subject.permissions.statements
        .map((s) => s.source)
        .filter((source, i, all) => all.indexOf(source) === i)
        .filter((source) => versionable(ctx, source, action))
        .map((source) => ({ resource: source, shows: [source] }));
      return;
    case "assumable-policy":
      for (const { role, certainty } of reachableRoles(ctx, subject)) {
        for (const arn of role.attachedPolicyArns) {
          if (versionable(ctx, arn, action)) yield { resource: arn, shows: [role.arn], cap: certainty };
        }
      }
      return;
    case "attached-policy":
      for (const p of attachedPolicies(ctx, subject, action))
        yield { resource: p.arn, shows: p.gaining, cap: p.cap };
      return;
    case "own-boundary": {
      const holds = subject.type === target.type ? boundaryHolds(ctx, subject) : "no";
      if (holds !== "no")
        yield { resource: subject.principal.arn, shows: [subject.principal.arn], cap: holds };
      return;
    }
    case "own-tags":
      if (subject.type === target.type && retagGains(ctx, subject))
        yield { resource: subject.principal.arn, shows: [subject.principal.arn] };
      return;
    case "saml-provider":
      for (const { provider, role, cap } of samlTakeovers(ctx, subject))
        if (decide(provider) !== "no") yield { resource: provider, shows: [role], cap };
      return;
    case "identity-pool":
      for (const { pool, role } of poolTakeovers(ctx, subject))
        if (decide(pool) !== "no") yield { resource: pool, shows: [role], cap: "maybe" };
      return;
    case "oidc-provider":
      for (const { provider, role, cap } of clientIdTakeovers(ctx, subject))
        if (decide(provider) !== "no") yield { resource: provider, shows: [role], cap };
      return;
    case "unbound":
      if (target.type === "role") {
        for (const { role, certainty } of reachableRoles(ctx, subject)) {
          const more = moreWithoutBoundary(ctx, subject, ctx.account.of(role.arn)!);
          if (more !== "no") yield { resource: role.arn, shows: [role.arn], cap: allOf([certainty, more]) };
        }
      } else {
        for (const p of nameable(subject, action, ctx.snapshot.users)) {
          const more = moreWithoutBoundary(ctx, subject, ctx.account.of(p.arn)!);
          if (more !== "no" && decide(p.arn) !== "no") yield { resource: p.arn, shows: [p.arn], cap: more };
        }
      }
  }
}
