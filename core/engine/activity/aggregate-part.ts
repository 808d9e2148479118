import type { ContextKept } from "./action-state.js";
import { type ActionState, mergeActionState } from "./action-state.js";
import { type GrantChange, mergeGrantChanges } from "./grant-changes.js";
import type { DirectoryEntity, DirectoryRole } from "./role-directory.js";
import type { SourceWarning } from "./types.js";
import type { EventCount, IgnoredEvents, PrincipalUsage, UnmappedEvents } from "./usage.js";

export interface PrincipalState {
  usage: Omit<PrincipalUsage, "actions" | "accessKeys">;
  accessKeys: Map<string, { count: number; lastSeen: string }>;
  /** By catalog action id: parts are only merged between aggregators over the same catalog. */
  actions: Map<number, ActionState>;
  /** Allowed calls no catalog action is known for, by event. */
  unmapped: Map<string, EventCount>;
}

/**
 * An aggregator's whole state as plain data (maps, sets, objects: what worker threads can post),
 * so that parts of one input aggregated apart can be merged into one aggregate.
 */
export interface AggregatePart {
  principals: Map<string, PrincipalState>;
  unmapped: Map<string, UnmappedEvents>;
  ignored: Map<string, IgnoredEvents>;
  /** Successful calls granting permissions (grant-changes.ts), by change. */
  grants: Map<string, GrantChange>;
  warnings: SourceWarning[];
  warningsDropped: number;
  events: number;
  outsideWindow: number;
  /** Requests naming each managed policy as a session policy, by policy ARN. */
  sessionPolicies: Map<string, number>;
}

export interface AggregateBounds {
  maxResources: number;
  maxWarnings: number;
  maxAuthorizations: number;
}

/**
 * What an aggregation of one part of the input needs, as plain data: a source that aggregates
 * in parallel (worker threads) builds an aggregator from it in each thread.
 */
export interface AggregateSetup {
  window: { start: string; end: string };
  maxResources: number;
  roles: readonly DirectoryRole[];
  /** The snapshot's users and groups, whose ARNs hold the paths IAM calls do not name. */
  users?: readonly DirectoryEntity[];
  groups?: readonly DirectoryEntity[];
  context: ContextKept;
}

export function emptyPart(): AggregatePart {
  return {
    principals: new Map(),
    unmapped: new Map(),
    ignored: new Map(),
    grants: new Map(),
    warnings: [],
    warningsDropped: 0,
    events: 0,
    outsideWindow: 0,
    sessionPolicies: new Map(),
  };
}

/**
 * Adds `from` (the input that follows `into`'s) to `into`; `from`'s state moves into `into` and
 * must not be used again. Counts, times and sets merge exactly. Bounded sets keep `into`'s
 * entries first, then `from`'s in their order, as if `from`'s input had come after: so merging
 * the parts of fixed chunks of the input in chunk order gives one result, however many threads
 * aggregated the chunks.
 */
export function mergePart(into: AggregatePart, from: AggregatePart, bounds: AggregateBounds): void {
  into.events += from.events;
  into.outsideWindow += from.outsideWindow;
  for (const warning of from.warnings) {
    if (into.warnings.length < bounds.maxWarnings) into.warnings.push(warning);
    else into.warningsDropped++;
  }
  into.warningsDropped += from.warningsDropped;
  mergeCounts(into.unmapped, from.unmapped);
  mergeCounts(into.ignored, from.ignored);
  for (const [arn, requests] of from.sessionPolicies)
    into.sessionPolicies.set(arn, (into.sessionPolicies.get(arn) ?? 0) + requests);
  mergeGrantChanges(into.grants, from.grants);
  for (const [id, state] of from.principals) {
    const target = into.principals.get(id);
    if (target) mergePrincipal(target, state, bounds);
    else into.principals.set(id, state);
  }
}

function mergePrincipal(into: PrincipalState, from: PrincipalState, bounds: AggregateBounds): void {
  const usage = into.usage;
  usage.events += from.usage.events;
  if (from.usage.firstSeen < usage.firstSeen) usage.firstSeen = from.usage.firstSeen;
  if (from.usage.lastSeen > usage.lastSeen) usage.lastSeen = from.usage.lastSeen;
  if (from.usage.consoleSignIn !== undefined) signedIn(usage, from.usage.consoleSignIn);
  for (const [keyId, key] of from.accessKeys) {
    const target = into.accessKeys.get(keyId);
    if (!target) into.accessKeys.set(keyId, key);
    else {
      target.count += key.count;
      if (key.lastSeen > target.lastSeen) target.lastSeen = key.lastSeen;
    }
  }
  for (const [id, action] of from.actions) {
    const target = into.actions.get(id);
    if (target) mergeActionState(target, action, bounds.maxResources, bounds.maxAuthorizations);
    else into.actions.set(id, action);
  }
  mergeCounts(into.unmapped, from.unmapped);
}

function mergeCounts<T extends { count: number }>(into: Map<string, T>, from: Map<string, T>): void {
  for (const [key, entry] of from) {
    const target = into.get(key);
    if (target) target.count += entry.count;
    else into.set(key, entry);
  }
}

/** Keeps the later of a principal's console sign-ins. */
export function signedIn(usage: PrincipalState["usage"], time: string): void {
  if (usage.consoleSignIn === undefined || time > usage.consoleSignIn) usage.consoleSignIn = time;
}
