import { generalizeResources } from "../policy/generalize.js";
import type { ActionUsage, SeenAuthorization } from "./usage.js";

/** The request context CloudTrail recorded for a call, as the coverage proof replays it. */
export interface CallContext {
  region?: string;
  sourceIp?: string;
  vpcEndpoint?: string;
  /** The three joined, computed once per call. */
  key: string;
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
  /** By resource (`""`: none named), then by context key: no string is built per authorization. */
  authorizations: Map<string, Map<string, SeenAuthorization>>;
  authorizationCount: number;
  /** Seen as an event of its own at least once (not only derived from other calls' parameters). */
  direct: boolean;
  /** Resources among `resources` that only derived calls named (a replica's table beside tables created). */
  inferredOnly: Set<string>;
  /** Certainly needed by some call, not only possibly (Authorization.possible). */
  certain: boolean;
  /** Resources of refused calls (bounded, never folded), and refused calls none of whose was kept. */
  refused: Set<string>;
  refusedUnscoped: number;
  /** Resources allowed calls reached through an alias (bounded, never folded): alias-named-key.ts. */
  aliased: Set<string>;
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
    authorizationCount: 0,
    direct: false,
    inferredOnly: new Set(),
    certain: false,
    refused: new Set(),
    refusedUnscoped: 0,
    aliased: new Set(),
  };
}

/**
 * Records the keys allowed calls reached through an alias, under the bound; past it `*` stands for
 * those left out, so none of them is taken for a key named only by its ARN.
 */
export function addAliased(state: ActionState, arns: readonly string[], max: number): void {
  for (const arn of arns) state.aliased.add(state.aliased.size < max || state.aliased.has(arn) ? arn : "*");
}

/**
 * Records a refused call's resources under the bound; a call whose resources could not all be
 * named or kept counts as unscoped, for which the generator keeps the action's current scope.
 */
export function addRefused(
  state: ActionState,
  arns: readonly string[],
  unscoped: boolean,
  count: number,
  max: number,
): void {
  let unkept = unscoped;
  for (const arn of arns) {
    if (state.refused.has(arn)) continue;
    if (state.refused.size < max) state.refused.add(arn);
    else unkept = true;
  }
  if (unkept) state.refusedUnscoped += count;
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
  const byResource = resource ?? "";
  let byContext = state.authorizations.get(byResource);
  const seen = byContext?.get(context.key);
  if (seen) {
    seen.count += count;
    return;
  }
  if (state.authorizationCount >= max) {
    state.usage.authorizationOverflow += count;
    return;
  }
  if (!byContext) {
    byContext = new Map();
    state.authorizations.set(byResource, byContext);
  }
  byContext.set(context.key, seenAuthorization(resource, context, count));
  state.authorizationCount++;
}

/** Built field by field, not spread: this runs for every new (resource, context) of every chunk. */
function seenAuthorization(
  resource: string | undefined,
  context: CallContext,
  count: number,
): SeenAuthorization {
  const entry = {} as SeenAuthorization;
  if (resource !== undefined) entry.resource = resource;
  if (context.region !== undefined) entry.region = context.region;
  if (context.sourceIp !== undefined) entry.sourceIp = context.sourceIp;
  if (context.vpcEndpoint !== undefined) entry.vpcEndpoint = context.vpcEndpoint;
  entry.count = count;
  return entry;
}

/**
 * Adds resources under the bound. When full, the resources fold into ARN-structure patterns
 * (objects under one prefix become `prefix/*`) so that every resource seen stays covered, in
 * bounded memory. Folding to half the bound leaves room, so this runs rarely. Only when nothing
 * folds is a call uncounted.
 */
export function addResources(state: ActionState, arns: readonly string[], count: number, max: number): void {
  for (const arn of arns) addResource(state, arn, count, max);
}

function addResource(state: ActionState, arn: string, count: number, max: number): boolean {
  if (state.resources.has(arn) || underFolded(state.folded, arn)) return false;
  if (state.resources.size < max) {
    state.resources.add(arn);
    return true;
  }
  const usage = state.usage;
  if (usage.resourceOverflow < state.retryFoldAt) {
    usage.resourceOverflow += count;
    return false;
  }
  const folded = generalizeResources([...state.resources, arn], Math.max(1, max >> 1));
  if (folded.length > max) {
    // Nothing folds (distinct buckets, say): back off, so a hot tuple costs no more per event.
    usage.resourceOverflow += count;
    state.retryFoldAt = Math.max(16, usage.resourceOverflow * 2);
    return false;
  }
  state.resources = new Set(folded);
  state.folded = folded
    .filter((p) => p.endsWith("/*") && !p.slice(0, -2).includes("*"))
    .map((p) => p.slice(0, -1));
  return false;
}

function underFolded(folded: readonly string[], arn: string): boolean {
  for (let i = 0; i < folded.length; i++) if (arn.startsWith(folded[i]!)) return true;
  return false;
}

/**
 * Adds `from` (a later part of the input) to `into`; `from` is consumed. Counts, times, regions
 * and kept authorizations' counts merge exactly. A resource of `from` that no longer fits counts
 * one overflowing call (the part kept no per-resource count): overflow stays non-zero whenever a
 * resource was left out, which is what makes the generator keep the current grant's scope.
 */
export function mergeActionState(
  into: ActionState,
  from: ActionState,
  maxResources: number,
  maxAuths: number,
): void {
  const a = into.usage;
  const b = from.usage;
  a.count += b.count;
  a.denied += b.denied;
  a.unscoped += b.unscoped;
  a.resourceOverflow += b.resourceOverflow;
  a.authorizationOverflow += b.authorizationOverflow;
  if (b.firstSeen !== undefined && (a.firstSeen === undefined || b.firstSeen < a.firstSeen))
    a.firstSeen = b.firstSeen;
  if (b.lastSeen !== undefined && (a.lastSeen === undefined || b.lastSeen > a.lastSeen))
    a.lastSeen = b.lastSeen;
  if (b.lastDenied !== undefined && (a.lastDenied === undefined || b.lastDenied > a.lastDenied))
    a.lastDenied = b.lastDenied;
  if (b.inferred) a.inferred = true;
  if (from.direct) into.direct = true;
  // Only derived on both sides, or on one side and unseen on the other.
  for (const resource of into.inferredOnly)
    if (from.resources.has(resource) && !from.inferredOnly.has(resource)) into.inferredOnly.delete(resource);
  for (const resource of from.inferredOnly)
    if (!into.resources.has(resource)) into.inferredOnly.add(resource);
  if (from.certain) into.certain = true;
  for (const region of from.regions) into.regions.add(region);
  const foldedByFrom = new Set(from.folded);
  for (const resource of from.resources) {
    const added = addResource(into, resource, 1, maxResources);
    // A pattern `from` folded into keeps covering the resources under it here too.
    if (added && resource.endsWith("/*") && foldedByFrom.has(resource.slice(0, -1)))
      into.folded.push(resource.slice(0, -1));
  }
  for (const [resource, byContext] of from.authorizations) {
    for (const [key, seen] of byContext) mergeAuthorization(into, resource, key, seen, maxAuths);
  }
  // As for resources: one that no longer fits counts one refused call that named none kept.
  into.refusedUnscoped += from.refusedUnscoped;
  for (const resource of from.refused) addRefused(into, [resource], false, 1, maxResources);
  addAliased(into, [...from.aliased], maxResources);
}

function mergeAuthorization(
  into: ActionState,
  resource: string,
  key: string,
  seen: SeenAuthorization,
  max: number,
): void {
  let byContext = into.authorizations.get(resource);
  const kept = byContext?.get(key);
  if (kept) kept.count += seen.count;
  else if (into.authorizationCount >= max) into.usage.authorizationOverflow += seen.count;
  else {
    if (!byContext) {
      byContext = new Map();
      into.authorizations.set(resource, byContext);
    }
    // `from` is consumed by the merge: its entry moves rather than being copied.
    byContext.set(key, seen);
    into.authorizationCount++;
  }
}

export function finishAction(state: ActionState): ActionUsage {
  const { inferred, ...usage } = state.usage;
  const inferredOnly = [...state.inferredOnly].filter((r) => state.resources.has(r)).sort();
  return {
    ...usage,
    ...(inferred && !state.direct ? { inferred: true } : {}),
    ...(state.direct && inferredOnly.length > 0 ? { inferredResources: inferredOnly } : {}),
    ...(state.certain ? {} : { possible: true }),
    ...(state.refused.size > 0 ? { refusedResources: [...state.refused].sort() } : {}),
    ...(state.refusedUnscoped > 0 ? { refusedUnscoped: state.refusedUnscoped } : {}),
    ...(state.aliased.size > 0 ? { aliasedResources: [...state.aliased].sort() } : {}),
    regions: [...state.regions].sort(),
    resources: [...state.resources].sort(),
    authorizations: [...state.authorizations.values()]
      .flatMap((m) => [...m.values()])
      .sort(
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

/**
 * Which of a call's recorded context to keep beyond its region. Source IPs are nearly unique per
 * call: kept only when some policy's conditions read them, they would otherwise fill every bound.
 */
export interface ContextKept {
  sourceIp?: boolean;
  vpcEndpoint?: boolean;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** What the record says of the request's context; a service name in sourceIPAddress is no IP. */
export function callContext(
  event: { awsRegion?: unknown; sourceIPAddress?: unknown; vpcEndpointId?: unknown },
  kept: ContextKept,
): CallContext {
  const ip = event.sourceIPAddress;
  const region = typeof event.awsRegion === "string" && event.awsRegion ? event.awsRegion : undefined;
  const sourceIp =
    kept.sourceIp &&
    typeof ip === "string" &&
    (IPV4.test(ip) || (ip.includes(":") && /^[0-9a-f:.]+$/i.test(ip)))
      ? ip
      : undefined;
  const vpce = event.vpcEndpointId;
  const vpcEndpoint = kept.vpcEndpoint && typeof vpce === "string" && vpce ? vpce : undefined;
  if (!sourceIp && !vpcEndpoint) return regionOnly(region);
  return {
    ...(region ? { region } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(vpcEndpoint ? { vpcEndpoint } : {}),
    key: contextKey(region, sourceIp, vpcEndpoint),
  };
}

/**
 * Each part's length before it: records carry any strings, and a separator could make two contexts
 * one (region `r\0` with endpoint `x`, region `r` with endpoint `\0x`), one's calls counted as the
 * other's. A region-only key is the same encoding with the rest empty, never another context's.
 */
function contextKey(region = "", sourceIp = "", vpcEndpoint = ""): string {
  return `${region.length}:${region}${sourceIp.length}:${sourceIp}${vpcEndpoint.length}:${vpcEndpoint}`;
}

const REGION_ONLY = new Map<string, CallContext>();

/** Most calls carry only a region: one shared, frozen context per region rather than one per call. */
function regionOnly(region: string | undefined): CallContext {
  let context = REGION_ONLY.get(region ?? "");
  if (!context) {
    const key = contextKey(region);
    context = Object.freeze(region ? { region, key } : { key });
    // AWS has a few dozen regions; a record with a made-up one is not worth remembering forever.
    if (REGION_ONLY.size < 256) REGION_ONLY.set(region ?? "", context);
  }
  return context;
}
