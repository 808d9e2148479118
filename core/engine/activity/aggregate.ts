import type { Catalog } from "../catalog/catalog.js";
import {
  addAliased,
  addAuthorization,
  addRefused,
  addResources,
  type ContextKept,
  callContext,
  compare,
  finishAction,
  newActionState,
} from "./action-state.js";
import {
  type AggregateBounds,
  type AggregatePart,
  emptyPart,
  mergePart,
  type PrincipalState,
  signedIn,
} from "./aggregate-part.js";
import { type Attribution, attribute, isAccountPrincipal } from "./attribution.js";
import { type Authorizer, createAuthorizer } from "./authorize.js";
import { addGrantChange, grantChangeOf, sortedGrantChanges } from "./grant-changes.js";
import { REFUSED_ERROR_PATTERN, UNAUTHENTICATED_ERROR_PATTERN } from "./knowledge/refused-calls.js";
import { POD_IDENTITY_EVENT, POD_IDENTITY_SOURCE, podIdentityRole } from "./pod-identity.js";
import { isConsoleSignIn, isFailedSignIn } from "./record.js";
import type { RoleDirectory } from "./role-directory.js";
import { sessionPolicyArns } from "./session-policies.js";
import { normalizeTime } from "./time.js";
import type { ActivityItem, ActivitySummary, CloudTrailEvent, SourceWarning } from "./types.js";
import type { ActivityAggregate, PrincipalUsage } from "./usage.js";

export interface AggregateOptions {
  /** Only events in [start, end) count; others are tallied as outside the window. */
  window?: { start: string; end: string };
  /** Resources kept per (principal, action); beyond it only a counter grows. */
  maxResources?: number;
  /** Warnings kept verbatim; beyond it only a counter grows. */
  maxWarnings?: number;
  /** Distinct (resource, context) authorizations kept per (principal, action) for the coverage proof. */
  maxAuthorizations?: number;
  /** The snapshot's roles, to resolve roles passed by name or through an instance profile. */
  roles?: RoleDirectory;
  /** Recorded context kept with each authorization beyond its region (what policies' conditions read). */
  context?: ContextKept;
}

/**
 * Streaming aggregation of CloudTrail activity into (principal, action) → usage. Memory grows
 * with distinct tuples, bounded resources per tuple and distinct unmapped events; never with the
 * number of events. Order-sensitive only in which resources are kept once the bound is reached,
 * and sources yield in a deterministic order, so equal input gives equal output.
 */
export class ActivityAggregator {
  private readonly authorize: Authorizer;
  private state: AggregatePart = emptyPart();
  private readonly bounds: AggregateBounds;

  constructor(
    catalog: Catalog,
    private readonly options: AggregateOptions = {},
  ) {
    this.authorize = createAuthorizer(catalog, options.roles);
    this.bounds = {
      maxResources: options.maxResources ?? 100,
      maxWarnings: options.maxWarnings ?? 1000,
      maxAuthorizations: options.maxAuthorizations ?? 64,
    };
  }

  /** Adds the part of another aggregator (same catalog and options) over the input that follows. */
  merge(part: AggregatePart): void {
    mergePart(this.state, part, this.bounds);
  }

  /** Hands over the state aggregated so far (to be merged elsewhere) and starts afresh. */
  takePart(): AggregatePart {
    const part = this.state;
    this.state = emptyPart();
    return part;
  }

  add(item: ActivityItem): void {
    if (item.kind === "event") this.addEvent(item.event);
    else if (item.kind === "summary") this.addSummary(item.summary);
    else if (item.kind === "warning") this.addWarning(item.warning);
  }

  addEvent(event: CloudTrailEvent): void {
    this.record(event, 1, event.eventTime, event.eventTime);
  }

  addSummary(summary: ActivitySummary): void {
    this.record(summary.event, summary.count, summary.firstSeen, summary.lastSeen);
  }

  addWarning(warning: SourceWarning): void {
    if (this.state.warnings.length < this.bounds.maxWarnings) this.state.warnings.push(warning);
    else this.state.warningsDropped++;
  }

  private record(event: CloudTrailEvent, count: number, firstTime: string, lastTime: string): void {
    this.state.events += count;
    const first = normalizeTime(firstTime);
    const last = first === undefined ? undefined : firstTime === lastTime ? first : normalizeTime(lastTime);
    if (first === undefined || last === undefined) {
      this.addWarning({
        origin: event.eventName,
        code: "invalid-record",
        message: `unreadable time ${firstTime}`,
      });
      return;
    }
    const window = this.options.window;
    if (window && (last < window.start || first >= window.end)) {
      this.state.outsideWindow += count;
      return;
    }
    // Refused before AWS proved who signed: the recorded identity (a key id is no secret) neither
    // used the call nor was denied a permission, and the session it asked for was never made.
    // Tallied apart, not filed under that identity.
    if (isUnauthenticated(event.errorCode)) {
      tally(this.state.ignored, event, count, { class: "unauthenticated" });
      return;
    }
    for (const arn of sessionPolicyArns(event))
      this.state.sessionPolicies.set(arn, (this.state.sessionPolicies.get(arn) ?? 0) + count);
    const change = grantChangeOf(event, first);
    if (change) addGrantChange(this.state.grants, change, count, last);
    const needed = this.authorize(event);
    const who = attribute(event.userIdentity, this.options.roles, event.awsRegion);
    const assumed = assumedRole(event);
    if (assumed) this.principal(assumed, count, first, last);
    if (needed.kind !== "authorizations") {
      if (needed.kind === "unmapped") tally(this.state.unmapped, event, count, { reason: needed.reason });
      else tally(this.state.ignored, event, count, { class: needed.kind });
      // A console sign-in, a GetCallerIdentity or a call no action is known for names no permission,
      // but shows the identity in use: without it, a role that only checks its credentials was unused.
      // A refused sign-in shows only that someone typed the user's name.
      if (!isAccountPrincipal(who.principal) || isFailedSignIn(event)) return;
      const principal = this.principal(who, count, first, last);
      if (isConsoleSignIn(event)) signedIn(principal.usage, last);
      // An allowed call of an unknown action: a policy generated from the catalog would not allow it.
      if (needed.kind === "unmapped" && !isDenied(event.errorCode))
        tally(principal.unmapped, event, count, {});
      return;
    }
    const principal = this.principal(who, count, first, last);
    const denied = isDenied(event.errorCode);
    const context = denied ? { key: "" } : callContext(event, this.options.context ?? {});
    for (const {
      action,
      resources,
      unscoped,
      inferred,
      possible,
      created,
      aliased,
    } of needed.authorizations) {
      // A refused call may have failed before a passed role was checked: nothing is inferred from it.
      if (denied && inferred) continue;
      let state = principal.actions.get(action.id);
      if (!state) {
        state = newActionState(action.key);
        principal.actions.set(action.id, state);
      }
      if (!possible) state.certain = true;
      const usage = state.usage;
      if (denied) {
        usage.denied += count;
        if (usage.lastDenied === undefined || last > usage.lastDenied) usage.lastDenied = last;
        addRefused(state, resources, unscoped, count, this.bounds.maxResources);
        continue;
      }
      if (inferred) usage.inferred = true;
      else state.direct = true;
      usage.count += count;
      if (usage.firstSeen === undefined || first < usage.firstSeen) usage.firstSeen = first;
      if (usage.lastSeen === undefined || last > usage.lastSeen) usage.lastSeen = last;
      if (context.region !== undefined) state.regions.add(context.region);
      if (unscoped) {
        usage.unscoped += count;
        addAuthorization(state, undefined, context, count, this.bounds.maxAuthorizations);
      }
      const fresh = inferred ? resources.filter((r) => !state.resources.has(r)) : NONE;
      if (!inferred && state.inferredOnly.size > 0)
        for (const resource of resources) state.inferredOnly.delete(resource);
      addResources(state, resources, count, this.bounds.maxResources);
      if (aliased) addAliased(state, resources, this.bounds.maxResources);
      // What a wildcard-only call created is listed with it, for the calls that follow on it; its
      // authorization stays the unscoped one (`*`).
      if (created) addResources(state, created, count, this.bounds.maxResources);
      // Bounded as the resources are: one past the bound or folded away is no longer named.
      for (const resource of fresh)
        if (state.resources.has(resource) && state.inferredOnly.size < this.bounds.maxResources)
          state.inferredOnly.add(resource);
      for (const resource of resources)
        addAuthorization(state, resource, context, count, this.bounds.maxAuthorizations);
    }
  }

  private principal(who: Attribution, count: number, first: string, last: string): PrincipalState {
    let state = this.state.principals.get(who.principal.id);
    if (!state) {
      state = {
        usage: { principal: who.principal, events: 0, firstSeen: first, lastSeen: last },
        accessKeys: new Map(),
        actions: new Map(),
        unmapped: new Map(),
      };
      this.state.principals.set(who.principal.id, state);
    }
    const usage = state.usage;
    usage.events += count;
    if (first < usage.firstSeen) usage.firstSeen = first;
    if (last > usage.lastSeen) usage.lastSeen = last;
    if (who.accessKeyId !== undefined) {
      const key = state.accessKeys.get(who.accessKeyId);
      if (!key) state.accessKeys.set(who.accessKeyId, { count, lastSeen: last });
      else {
        key.count += count;
        if (last > key.lastSeen) key.lastSeen = last;
      }
    }
    return state;
  }

  result(): ActivityAggregate {
    const s = this.state;
    const all = [...s.principals.values()]
      .map(finish)
      .sort((a, b) => compare(a.principal.id, b.principal.id));
    return {
      events: s.events,
      principals: all.filter((p) => isAccountPrincipal(p.principal)),
      external: all.filter((p) => !isAccountPrincipal(p.principal)),
      unmapped: sortCounts([...s.unmapped.values()]),
      ignored: sortCounts([...s.ignored.values()]),
      grants: sortedGrantChanges(s.grants),
      outsideWindow: s.outsideWindow,
      warnings: [...s.warnings],
      warningsDropped: s.warningsDropped,
      sessionPolicies: [...s.sessionPolicies.entries()]
        .map(([policyArn, requests]) => ({ policyArn, requests }))
        .sort((a, b) => compare(a.policyArn, b.policyArn)),
    };
  }
}

function finish(state: PrincipalState): PrincipalUsage {
  const actions = [...state.actions.values()].map(finishAction).sort((a, b) => compare(a.action, b.action));
  const accessKeys = [...state.accessKeys.entries()]
    .map(([accessKeyId, k]) => ({ accessKeyId, count: k.count, lastSeen: k.lastSeen }))
    .sort((a, b) => compare(a.accessKeyId, b.accessKeyId));
  const unmapped = sortCounts([...state.unmapped.values()]);
  return { ...state.usage, accessKeys, actions, ...(unmapped.length > 0 ? { unmappedCalls: unmapped } : {}) };
}

const NONE: readonly string[] = [];

/**
 * Per event source, the calls that hand out a session of the role their `roleArn` names: STS's
 * AssumeRole*, and IAM Roles Anywhere's CreateSession, which gives a workload outside AWS the
 * role's credentials for its certificate (recorded by CloudTrail with every Roles Anywhere call;
 * whether an STS record of the role's assumption comes with it, AWS's pages do not say); and EKS
 * Pod Identity's AssumeRoleForPodIdentity, which names its role in its answer (pod-identity.ts).
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/logging-using-cloudtrail.html
 */
const ASSUMING: Readonly<Record<string, ReadonlySet<string>>> = {
  "sts.amazonaws.com": new Set(["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]),
  "rolesanywhere.amazonaws.com": new Set(["CreateSession"]),
  [POD_IDENTITY_SOURCE]: new Set([POD_IDENTITY_EVENT]),
};
const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\//;

/**
 * The role a successful AssumeRole* (or CreateSession) call assumed: being assumed is the role's
 * use (what IAM's own RoleLastUsed records), whoever asked, a service or another account included.
 * A role a service assumes daily, whose own calls are data events the trail does not log, is
 * otherwise never seen.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html
 */
function assumedRole(event: CloudTrailEvent): Attribution | undefined {
  const calls = Object.hasOwn(ASSUMING, event.eventSource) ? ASSUMING[event.eventSource] : undefined;
  if (!calls?.has(event.eventName) || event.errorCode) return undefined;
  const arn =
    event.eventSource === POD_IDENTITY_SOURCE ? podIdentityRole(event) : event.requestParameters?.roleArn;
  const match = typeof arn === "string" ? ROLE_ARN.exec(arn) : null;
  return match ? { principal: { kind: "role", id: arn as string, accountId: match[1]! } } : undefined;
}

const DENIED = new RegExp(REFUSED_ERROR_PATTERN);
const UNAUTHENTICATED = new RegExp(UNAUTHENTICATED_ERROR_PATTERN);

/**
 * AWS refused the call (authorization, or the credentials before it): the principal tried the
 * action, and nothing shows it holds it.
 */
export function isDenied(errorCode: unknown): boolean {
  return typeof errorCode === "string" && DENIED.test(errorCode);
}

/** AWS refused the call before authenticating it (knowledge/refused-calls.ts): no one proven made it. */
export function isUnauthenticated(errorCode: unknown): boolean {
  return typeof errorCode === "string" && UNAUTHENTICATED.test(errorCode);
}

function tally<T extends { eventSource: string; eventName: string; count: number }>(
  into: Map<string, T>,
  event: CloudTrailEvent,
  count: number,
  extra: Omit<T, "eventSource" | "eventName" | "count">,
): void {
  // The source's length first: a NUL in either name could otherwise make two events one.
  const key = `${event.eventSource.length}:${event.eventSource}${event.eventName}`;
  const entry = into.get(key);
  if (entry) entry.count += count;
  else into.set(key, { eventSource: event.eventSource, eventName: event.eventName, count, ...extra } as T);
}

function sortCounts<T extends { eventSource: string; eventName: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => compare(a.eventSource, b.eventSource) || compare(a.eventName, b.eventName));
}
