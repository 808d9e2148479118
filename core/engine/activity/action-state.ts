import { generalizeResources } from "../policy/generalize.js";
import type { ActionUsage, SeenAuthorization } from "./usage.js";

/** The request context CloudTrail recorded for a call, as the coverage proof replays it. */
export interface CallContext {
  region?: string;
  sourceIp?: string;
  vpcEndpoint?: string;
}

/** One (principal, action) while aggregating: usage plus the bounded sets behind it. */
export interface ActionState {
  usage: Omit<ActionUsage, "authorizations">;
  regions: Set<string>;
  resources: Set<string>;
  /** Prefixes of the `prefix/*` patterns among `resources`, for a fast coverage check. */
  folded: string[];
  /** After a fold that could not bring the set under the bound, the overflow count to retry at. */
  retryFoldAt: number;
  authorizations: Map<string, SeenAuthorization>;
  /** Seen as an event of its own at least once (not only derived from other calls' parameters). */
  direct: boolean;
}

export function newActionState(key: string): ActionState {
  return {
    usage: {
      action: key,
      count: 0,
      denied: 0,
      regions: [],
      resources: [],
      resourceOverflow: 0,
      unscoped: 0,
      authorizationOverflow: 0,
    },
    regions: new Set(),
    resources: new Set(),
    folded: [],
    retryFoldAt: 0,
    authorizations: new Map(),
    direct: false,
  };
}

/**
 * Keeps each distinct (resource, context) of allowed calls up to a bound; beyond it only a counter
 * grows, and the proof falls back to the action's resources for what was not kept.
 */
export function addAuthorization(
  state: ActionState,
  resource: string | undefined,
  context: CallContext,
  count: number,
  max: number,
): void {
  const key = `${resource ?? ""}\u0000${context.region ?? ""}\u0000${context.sourceIp ?? ""}\u0000${context.vpcEndpoint ?? ""}`;
  const seen = state.authorizations.get(key);
  if (seen) {
    seen.count += count;
    return;
  }
  if (state.authorizations.size >= max) {
    state.usage.authorizationOverflow += count;
    return;
  }
  state.authorizations.set(key, { ...(resource === undefined ? {} : { resource }), ...context, count });
}

/**
 * Adds resources under the bound. When full, the resources fold into ARN-structure patterns
 * (objects under one prefix become `prefix/*`) so that every resource seen stays covered, in
 * bounded memory. Folding to half the bound leaves room, so this runs rarely. Only when nothing
 * folds is a call uncounted.
 */
export function addResources(state: ActionState, arns: readonly string[], count: number, max: number): void {
  const usage = state.usage;
  for (const arn of arns) {
    if (state.resources.has(arn) || state.folded.some((prefix) => arn.startsWith(prefix))) continue;
    if (state.resources.size < max) {
      state.resources.add(arn);
      continue;
    }
    if (usage.resourceOverflow < state.retryFoldAt) {
      usage.resourceOverflow += count;
      continue;
    }
    const folded = generalizeResources([...state.resources, arn], Math.max(1, max >> 1));
    if (folded.length > max) {
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

export function finishAction(state: ActionState): ActionUsage {
  const { inferred, ...usage } = state.usage;
  return {
    ...usage,
    ...(inferred && !state.direct ? { inferred: true } : {}),
    regions: [...state.regions].sort(),
    resources: [...state.resources].sort(),
    authorizations: [...state.authorizations.values()].sort(
      (a, b) =>
        compare(a.resource ?? "", b.resource ?? "") ||
        compare(a.region ?? "", b.region ?? "") ||
        compare(a.sourceIp ?? "", b.sourceIp ?? "") ||
        compare(a.vpcEndpoint ?? "", b.vpcEndpoint ?? ""),
    ),
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** What the record says of the request's context; a service name in sourceIPAddress is no IP. */
export function callContext(event: {
  awsRegion?: unknown;
  sourceIPAddress?: unknown;
  vpcEndpointId?: unknown;
}): CallContext {
  const ip = event.sourceIPAddress;
  return {
    ...(typeof event.awsRegion === "string" && event.awsRegion ? { region: event.awsRegion } : {}),
    ...(typeof ip === "string" && (IPV4.test(ip) || (ip.includes(":") && /^[0-9a-f:.]+$/i.test(ip)))
      ? { sourceIp: ip }
      : {}),
    ...(typeof event.vpcEndpointId === "string" && event.vpcEndpointId
      ? { vpcEndpoint: event.vpcEndpointId }
      : {}),
  };
}
