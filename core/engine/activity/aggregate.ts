import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { generalizeResources } from "../policy/generalize.js";
import { type Attribution, attribute, isAccountPrincipal } from "./attribution.js";
import { passedRoles } from "./knowledge/passed-roles.js";
import { servicePrefix } from "./knowledge/service-prefixes.js";
import { createEventMapper, type EventMapper } from "./mapping.js";
import { type ResourceCandidates, resourceCandidates, resourcesFor } from "./resources.js";
import { normalizeTime } from "./time.js";
import type { ActivityItem, ActivitySummary, CloudTrailEvent, SourceWarning } from "./types.js";
import type {
  ActionUsage,
  ActivityAggregate,
  IgnoredEvents,
  PrincipalUsage,
  UnmappedEvents,
} from "./usage.js";

export interface AggregateOptions {
  /** Only events in [start, end) count; others are tallied as outside the window. */
  window?: { start: string; end: string };
  /** Resources kept per (principal, action); beyond it only a counter grows. */
  maxResources?: number;
  /** Warnings kept verbatim; beyond it only a counter grows. */
  maxWarnings?: number;
}

interface ActionState {
  usage: ActionUsage;
  regions: Set<string>;
  resources: Set<string>;
  /** Prefixes of the `prefix/*` patterns among `resources`, for a fast coverage check. */
  folded: string[];
  /** After a fold that could not bring the set under the bound, the overflow count to retry at. */
  retryFoldAt: number;
}

interface PrincipalState {
  usage: Omit<PrincipalUsage, "actions" | "accessKeys">;
  accessKeys: Map<string, { count: number; lastSeen: string }>;
  actions: Map<number, ActionState>;
}

/**
 * Streaming aggregation of CloudTrail activity into (principal, action) → usage. Memory grows
 * with distinct tuples, bounded resources per tuple and distinct unmapped events; never with the
 * number of events. Order-sensitive only in which resources are kept once the bound is reached,
 * and sources yield in a deterministic order, so equal input gives equal output.
 */
export class ActivityAggregator {
  private readonly map: EventMapper;
  private readonly hasService: (prefix: string) => boolean;
  private readonly passRole: ActionInfo | undefined;
  private readonly principals = new Map<string, PrincipalState>();
  private readonly unmapped = new Map<string, UnmappedEvents>();
  private readonly ignored = new Map<string, IgnoredEvents>();
  private readonly warnings: SourceWarning[] = [];
  private warningsDropped = 0;
  private events = 0;
  private outsideWindow = 0;
  private readonly maxResources: number;
  private readonly maxWarnings: number;

  constructor(
    catalog: Catalog,
    private readonly options: AggregateOptions = {},
  ) {
    this.map = createEventMapper(catalog);
    this.hasService = (prefix) => catalog.service(prefix) !== undefined;
    this.passRole = catalog.action("iam:PassRole");
    this.maxResources = options.maxResources ?? 100;
    this.maxWarnings = options.maxWarnings ?? 1000;
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
    if (this.warnings.length < this.maxWarnings) this.warnings.push(warning);
    else this.warningsDropped++;
  }

  private record(event: CloudTrailEvent, count: number, firstTime: string, lastTime: string): void {
    this.events += count;
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
      this.outsideWindow += count;
      return;
    }
    const mapping = this.map(event.eventSource, event.eventName, event.eventType);
    if (mapping.kind === "unmapped") {
      tally(this.unmapped, event, count, { reason: mapping.reason });
      return;
    }
    if (mapping.kind !== "actions") {
      tally(this.ignored, event, count, { class: mapping.kind });
      return;
    }
    const who = attribute(event.userIdentity);
    const principal = this.principal(who, count, first, last);
    const denied = isDenied(event.errorCode);
    let candidates: ResourceCandidates | undefined;
    for (const { action, resource } of mapping.actions) {
      const state = principal.actions.get(action.id) ?? newAction(principal, action.id, action.key);
      const usage = state.usage;
      if (denied) {
        usage.denied += count;
        if (usage.lastDenied === undefined || last > usage.lastDenied) usage.lastDenied = last;
        continue;
      }
      usage.count += count;
      if (usage.firstSeen === undefined || first < usage.firstSeen) usage.firstSeen = first;
      if (usage.lastSeen === undefined || last > usage.lastSeen) usage.lastSeen = last;
      if (typeof event.awsRegion === "string") state.regions.add(event.awsRegion);
      if (action.wildcardOnly) {
        usage.unscoped += count;
        continue;
      }
      candidates ??= resourceCandidates(event, servicePrefix(event.eventSource, this.hasService) ?? "");
      this.addResources(state, resourcesFor(action, resource, candidates), count);
      const roles = passedRoles(action.key, event.requestParameters);
      if (roles.length > 0) this.addPassedRoles(principal, roles, count, first, last);
    }
  }

  /** The roles a call handed to a service: the iam:PassRole the call needed, which no event shows. */
  private addPassedRoles(
    principal: PrincipalState,
    roles: string[],
    count: number,
    first: string,
    last: string,
  ): void {
    const passRole = this.passRole;
    if (!passRole) return;
    const state = principal.actions.get(passRole.id) ?? newAction(principal, passRole.id, passRole.key);
    const usage = state.usage;
    usage.inferred = true;
    usage.count += count;
    if (usage.firstSeen === undefined || first < usage.firstSeen) usage.firstSeen = first;
    if (usage.lastSeen === undefined || last > usage.lastSeen) usage.lastSeen = last;
    this.addResources(state, roles, count);
  }

  private principal(who: Attribution, count: number, first: string, last: string): PrincipalState {
    let state = this.principals.get(who.principal.id);
    if (!state) {
      state = {
        usage: { principal: who.principal, events: 0, firstSeen: first, lastSeen: last },
        accessKeys: new Map(),
        actions: new Map(),
      };
      this.principals.set(who.principal.id, state);
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

  private addResources(state: ActionState, arns: string[], count: number): void {
    const usage = state.usage;
    if (arns.length === 0) {
      usage.unscoped += count;
      return;
    }
    for (const arn of arns) {
      if (state.resources.has(arn) || state.folded.some((prefix) => arn.startsWith(prefix))) continue;
      if (state.resources.size < this.maxResources) {
        state.resources.add(arn);
        continue;
      }
      // Full: fold the resources into ARN-structure patterns (objects under one prefix become
      // `prefix/*`) so that every resource seen stays covered, in bounded memory. Folding to half
      // the bound leaves room, so this runs rarely. Only when nothing folds is a call uncounted.
      if (usage.resourceOverflow < state.retryFoldAt) {
        usage.resourceOverflow += count;
        continue;
      }
      const folded = generalizeResources([...state.resources, arn], Math.max(1, this.maxResources >> 1));
      if (folded.length > this.maxResources) {
        // Nothing folds (distinct buckets, say): back off, so a hot tuple costs no more per event.
        usage.resourceOverflow += count;
        state.retryFoldAt = Math.max(16, usage.resourceOverflow * 2);
        continue;
      }
      state.resources = new Set(folded);
      state.folded = folded
        .filter((p) => p.endsWith("/*") && !p.slice(0, -2).includes("*"))
        .map((p) => p.slice(0, -1));
    }
  }

  result(): ActivityAggregate {
    const all = [...this.principals.values()]
      .map(finish)
      .sort((a, b) => compare(a.principal.id, b.principal.id));
    return {
      events: this.events,
      principals: all.filter((p) => isAccountPrincipal(p.principal)),
      external: all.filter((p) => !isAccountPrincipal(p.principal)),
      unmapped: sortCounts([...this.unmapped.values()]),
      ignored: sortCounts([...this.ignored.values()]),
      outsideWindow: this.outsideWindow,
      warnings: [...this.warnings],
      warningsDropped: this.warningsDropped,
    };
  }
}

function newAction(principal: PrincipalState, id: number, key: string): ActionState {
  const state: ActionState = {
    usage: { action: key, count: 0, denied: 0, regions: [], resources: [], resourceOverflow: 0, unscoped: 0 },
    regions: new Set(),
    resources: new Set(),
    folded: [],
    retryFoldAt: 0,
  };
  principal.actions.set(id, state);
  return state;
}

function finish(state: PrincipalState): PrincipalUsage {
  const actions = [...state.actions.values()]
    .map(({ usage, regions, resources }) => ({
      ...usage,
      regions: [...regions].sort(),
      resources: [...resources].sort(),
    }))
    .sort((a, b) => compare(a.action, b.action));
  const accessKeys = [...state.accessKeys.entries()]
    .map(([accessKeyId, k]) => ({ accessKeyId, count: k.count, lastSeen: k.lastSeen }))
    .sort((a, b) => compare(a.accessKeyId, b.accessKeyId));
  return { ...state.usage, accessKeys, actions };
}

const DENIED = /AccessDenied|UnauthorizedOperation|^Unauthorized/;

/** IAM refused the call: the principal tried the action but does not hold it. */
export function isDenied(errorCode: unknown): boolean {
  return typeof errorCode === "string" && DENIED.test(errorCode);
}

function tally<T extends { eventSource: string; eventName: string; count: number }>(
  into: Map<string, T>,
  event: CloudTrailEvent,
  count: number,
  extra: Omit<T, "eventSource" | "eventName" | "count">,
): void {
  const key = `${event.eventSource}\u0000${event.eventName}`;
  const entry = into.get(key);
  if (entry) entry.count += count;
  else into.set(key, { eventSource: event.eventSource, eventName: event.eventName, count, ...extra } as T);
}

function sortCounts<T extends { eventSource: string; eventName: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => compare(a.eventSource, b.eventSource) || compare(a.eventName, b.eventName));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
