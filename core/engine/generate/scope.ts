import { holdsEscape } from "../activity/literal-key.js";
import type { ActionInfo } from "../catalog/types.js";
import { policyPatternTokens } from "../policy/arn.js";
import type { CompiledStatement } from "../policy/compile.js";
import { patternCovers } from "../policy/covers.js";
import { decisionOf, type Request } from "../policy/evaluate.js";
import { generalizeResources, minimalCover } from "../policy/generalize.js";
import { hasWildcard, tokensIntersect } from "../policy/glob.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import { createdContainer } from "./created-resources.js";
import type { CreatedResources } from "./created-series.js";
import { bestGrant, grantedPatterns, grantedScope } from "./grants.js";
import { keptAsUndone } from "./kept-as-undone.js";
import type { ObservedCall } from "./proof.js";
import { asWritten, grantsOn, scopeAsGranted } from "./scope-as-granted.js";
import { grantKey, type KeptGrant } from "./statements.js";
import type { ObservedAction } from "./types.js";

export interface ScopedAction {
  grants: KeptGrant[];
  calls: ObservedCall[];
  notAllowed: { action: string; resource: string }[];
}

/**
 * The resource patterns one observed action keeps: the observed ARNs themselves (generalized when
 * there are many, but never past what a current grant covers), `*` for wildcard-only actions, and
 * the current grant's own patterns when some calls could not be tied to a resource. Each pattern
 * carries the conditions of the grant it stands on.
 */
export function scopeObserved(
  current: PrincipalPermissions,
  action: ActionInfo,
  observed: ObservedAction,
  maxResources: number,
  created?: CreatedResources,
): ScopedAction {
  const out: ScopedAction = { grants: [], calls: [], notAllowed: [] };
  if (action.wildcardOnly) {
    const request = { action: action.key, resource: "*" };
    const evaluation = allowedToday(current, request);
    if (evaluation) {
      // Every covering conditional grant: current Allows are OR-ed, and calls came in through each.
      out.grants.push(...grantsOn(current, action, "*"));
      out.calls.push({ ...request, current: evaluation });
    } else if (decisionOf(current, request) === "ImplicitDeny") {
      const named = namedUnreached(current, action);
      if (named.length > 0) out.grants.push(...named.flatMap((s) => asWritten(action, s)));
      else out.notAllowed.push({ action: action.key, resource: "*" });
    } else out.notAllowed.push({ action: action.key, resource: "*" });
    return out;
  }
  const seen = callsSeen(current, action, observed, out);
  const refused = refusedGranted(current, action, observed);
  const named = refused.length > 0 ? [...seen.allowed, ...refused] : seen.allowed;
  // Calls whose resource is unknown, allowed or refused, keep the action's current scope.
  const asGranted = seen.unscoped || ((observed.refusedUnscoped ?? 0) > 0 && observed.count > 0);
  const grants: KeptGrant[] = asGranted ? scopeAsGranted(current, action) : [];
  // A call only inferred on a resource: no call of the principal's was seen naming it.
  const derived = (r: string) =>
    observed.inferred === true || observed.inferredResources?.includes(r) === true;
  const kept = named.filter(
    (r) =>
      !(derived(r) && keptAsUndone(current, action, r, grants, created)) &&
      !keptAsCreated(current, action, r, grants, created),
  );
  const patterns = keptPatterns(current, action, kept, maxResources);
  if (seen.unscoped) {
    if (patterns.size > 0 || grants.length > 0) out.calls.push({ action: action.key });
    else out.notAllowed.push({ action: action.key, resource: "*" });
  }
  for (const p of patterns) for (const g of grantsOn(current, action, p)) grants.push(g);
  out.grants = withoutCovered(grants);
  return out;
}

/**
 * The identity Allows that name a wildcard-only action on an ARN pattern rather than `*`, which the
 * evaluation takes as granting it nowhere. AWS grants s3:ListAllMyBuckets on arn:aws:s3:::* all the
 * same (S3's walkthrough, CloudFrontFullAccess, AWSBackupFullAccess), so a call seen allowed may have
 * come in through one: kept as written, no wider than today, rather than dropped as not allowed.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html
 */
function namedUnreached(current: PrincipalPermissions, action: ActionInfo): CompiledStatement[] {
  return current
    .statementsNaming(action.id)
    .filter(
      (s) =>
        s.layer === "identity" &&
        s.statement.effect === "Allow" &&
        !s.statement.notResource &&
        !s.reach.has(action.id),
    );
}

/**
 * The calls scopeObserved hands the proofs, without choosing patterns for them: a plan replays
 * every principal's calls, and generalizing resources is the dear part of scoping.
 */
export function scopedCalls(
  current: PrincipalPermissions,
  action: ActionInfo,
  observed: ObservedAction,
  maxResources: number,
): ObservedCall[] {
  if (action.wildcardOnly) {
    const evaluation = allowedToday(current, { action: action.key, resource: "*" });
    return evaluation ? [{ action: action.key, resource: "*", current: evaluation }] : [];
  }
  const out: ScopedAction = { grants: [], calls: [], notAllowed: [] };
  const seen = callsSeen(current, action, observed, out);
  // scopeObserved's test, "some pattern is kept", answered the cheap way first.
  if (
    seen.unscoped &&
    (grantedPatterns(current, action.id).length > 0 ||
      keptPatterns(current, action, seen.allowed, maxResources).size > 0)
  )
    out.calls.push({ action: action.key });
  return out.calls;
}

/**
 * Each observed resource as the current policies decide it: allowed ones become calls (with the
 * decision, which the proofs reuse), refused ones are listed. Folded patterns are kept when a
 * current grant covers all of them; otherwise their calls are only known to lie within the grant.
 */
function callsSeen(
  current: PrincipalPermissions,
  action: ActionInfo,
  observed: ObservedAction,
  out: ScopedAction,
): { allowed: string[]; unscoped: boolean } {
  const allowed: string[] = [];
  let needsCurrentScope = false;
  // Most actions name one to three resources: made unique without a set.
  const resources = distinct(observed.resources);
  for (const resource of resources) {
    if (hasWildcard(resource)) {
      if (bestGrant(current, action.id, resource)) {
        allowed.push(resource);
        out.calls.push({ action: action.key, resource });
      } else needsCurrentScope = true;
      continue;
    }
    const evaluation = allowedToday(current, { action: action.key, resource });
    if (evaluation) {
      allowed.push(resource);
      out.calls.push({ action: action.key, resource, current: evaluation });
    } else out.notAllowed.push({ action: action.key, resource });
  }
  const unscoped =
    needsCurrentScope ||
    observed.unscopedCalls > 0 ||
    (observed.resources.length === 0 && observed.count > 0);
  return { allowed, unscoped };
}

/**
 * A resource inside one the principal's calls create anew each run (an object of the bucket, the
 * index of the table a job makes each night) is named inside the next run's one too: the pattern
 * with that parent's name replaced by its container (`arn:aws:s3:::*` then `/input/data.csv`).
 * The nearest such parent, cut where a path or ARN part begins; undefined when there is none.
 */
function insideRepeated(pattern: string, created: CreatedResources): string | undefined {
  for (let i = pattern.length - 1; i > 0; i--) {
    const c = pattern.charCodeAt(i);
    if (c !== SLASH && c !== COLON) continue;
    const parent = created.get(pattern.slice(0, i));
    if (parent?.repeated) return parent.container + pattern.slice(i);
  }
  return undefined;
}

const SLASH = 47;
const COLON = 58;

/**
 * Whether a resource the call created is kept by its container (createdContainer): on it where a
 * current grant covers it, else on each current pattern reaching into it, as granted, beside the
 * resource itself. A tagging action on a resource another of the principal's calls created, or any
 * action on a resource those calls create anew each run, keeps that resource's container the same
 * way. The grants are added to `into`; true when the container alone keeps it.
 */
function keptAsCreated(
  current: PrincipalPermissions,
  action: ActionInfo,
  resource: string,
  into: KeptGrant[],
  created?: CreatedResources,
): boolean {
  const made = created?.get(resource);
  // A job that makes a new resource each run reads, writes and grants on the next one as on this
  // one: any access level follows; one created once keeps its own resource.
  const follows = action.accessLevel === "Tagging" || made?.repeated === true;
  const own = createdContainer(current.catalog, action, resource) ?? (follows ? made?.container : undefined);
  const lifted = created && insideRepeated(own ?? resource, created);
  const container = lifted ?? own;
  if (!container) return false;
  // A container granted only under conditions the resource was granted without would put them
  // on calls that never needed them: then the patterns as granted, each with its own.
  const best = bestGrant(current, action.id, container);
  if (best && (!best.conditional || bestGrant(current, action.id, resource)?.conditional !== false)) {
    into.push(...grantsOn(current, action, container));
    return true;
  }
  const inner = policyPatternTokens(container);
  // Lifted out of its parent, the container reaches every bucket's objects: only the grants the
  // calls came in through, not every other bucket's granted today.
  const seen = lifted ? policyPatternTokens(resource) : undefined;
  const reaching = grantedScope(current, action.id).patterns.filter((p) => {
    const tokens = policyPatternTokens(p);
    return tokensIntersect(tokens, inner) && (!seen || tokensIntersect(tokens, seen));
  });
  // A pattern covering the whole container (a conditional `*`) is kept on the container alone.
  for (const p of reaching)
    into.push(...grantsOn(current, action, patternCovers(p, container) ? container : p));
  // The resource itself stays too, for a grant no pattern states (NotResource, a variable).
  return false;
}

/**
 * The resources of the action's refused calls that today's policies grant it on. A call refused on
 * some resources and allowed on others shows the workload reaching for both; the refusal may since
 * have been fixed by a grant, or come from what the evaluation of today's policies cannot repeat (a
 * condition unmet at the time, a Deny outside the identity's policies, the resource's own policy).
 * Keeping the allowed resources alone would turn a call that works today back into a refusal;
 * keeping these grants nothing beyond today, as each is kept only where a current grant allows it.
 * Those refused today too are left out, and are not listed: they were never allowed.
 */
function refusedGranted(
  current: PrincipalPermissions,
  action: ActionInfo,
  observed: ObservedAction,
): string[] {
  if (observed.count <= 0 || !observed.refusedResources) return [];
  return distinct(observed.refusedResources).filter((resource) => {
    if (hasWildcard(resource)) return bestGrant(current, action.id, resource) !== undefined;
    const decision = decisionOf(current, { action: action.key, resource });
    return decision === "Allow" || decision === "Conditional";
  });
}

/**
 * How the current policies decide a call they allow, as a call carries it to the proofs: `"Allow"`
 * when outright (asked without listing the statements that apply, which the proofs then never
 * read), the whole evaluation when only conditionally; undefined when they refuse it.
 */
function allowedToday(current: PrincipalPermissions, request: Request): ObservedCall["current"] {
  const decision = decisionOf(current, request);
  if (decision === "Allow") return "Allow";
  return decision === "Conditional" ? current.evaluate(request) : undefined;
}

/** The allowed resources generalized, but never past what a current grant covers. */
function keptPatterns(
  current: PrincipalPermissions,
  action: ActionInfo,
  allowed: readonly string[],
  maxResources: number,
): Set<string> {
  const patterns = new Set<string>();
  for (const pattern of generalizeResources(allowed, maxResources)) {
    if (allowed.includes(pattern) || foldable(current, action, pattern, allowed))
      patterns.add(literal(pattern));
    else for (const r of allowed.filter((r) => patternCovers(pattern, r))) patterns.add(literal(r));
  }
  return patterns;
}

/**
 * Whether a folded pattern is granted today, and under no condition its resources were granted
 * without: folded under a wider grant's conditions, a resource allowed outright would need them.
 */
function foldable(
  current: PrincipalPermissions,
  action: ActionInfo,
  pattern: string,
  allowed: readonly string[],
): boolean {
  const best = bestGrant(current, action.id, pattern);
  if (!best) return false;
  if (!best.conditional) return true;
  return !allowed.some(
    (r) => patternCovers(pattern, r) && bestGrant(current, action.id, r)?.conditional === false,
  );
}

/**
 * Drops a grant only where another grant covers its pattern under no other condition: within one
 * condition block, or by an unconditional grant. A conditional `*` never absorbs an unconditional
 * grant on part of it, which would add the condition to calls that never needed it.
 */
function withoutCovered(grants: KeptGrant[]): KeptGrant[] {
  // Usually no grant has conditions: one block, and the grants are one action's.
  if (grants.every((g) => !g.conditions && !g.notResource && g.action === grants[0]!.action)) {
    if (grants.length === 0) return grants;
    const action = grants[0]!.action;
    return minimalCover(grants.map((g) => g.pattern)).map((pattern) => ({ action, pattern }));
  }
  const blocks = new Map<string, KeptGrant[]>();
  for (const g of grants) {
    const key = grantKey(g);
    const list = blocks.get(key);
    if (list) list.push(g);
    else blocks.set(key, [g]);
  }
  const free = minimalCover((blocks.get("null") ?? []).map((g) => g.pattern));
  const out: KeptGrant[] = [];
  for (const [key, list] of blocks) {
    const { action, conditions, notResource } = list[0]!;
    const cover = key === "null" ? free : minimalCover(list.map((g) => g.pattern));
    for (const pattern of cover) {
      if (key !== "null" && free.some((f) => patternCovers(f, pattern))) continue;
      out.push({
        action,
        pattern,
        ...(conditions ? { conditions } : {}),
        ...(notResource ? { notResource } : {}),
      });
    }
  }
  return out;
}

/**
 * The grants with those of the `actions` ids reduced as scopeObserved reduces one action's: an
 * observed ARN and the granted pattern covering it, both kept, become the pattern.
 */
export function withoutCoveredOf(grants: readonly KeptGrant[], actions: ReadonlySet<number>): KeptGrant[] {
  const byAction = new Map<number, KeptGrant[]>();
  const out: KeptGrant[] = [];
  for (const g of grants) {
    if (!actions.has(g.action.id)) {
      out.push(g);
      continue;
    }
    const list = byAction.get(g.action.id);
    if (list) list.push(g);
    else byAction.set(g.action.id, [g]);
  }
  for (const list of byAction.values()) out.push(...withoutCovered(list));
  return out;
}

/** The strings in first-seen order, each once: `[...new Set(strings)]`, without the set for a few. */
function distinct(strings: readonly string[]): readonly string[] {
  if (strings.length < 2) return strings;
  if (strings.length > 8) return [...new Set(strings)];
  const out: string[] = [];
  for (const s of strings) if (!out.includes(s)) out.push(s);
  return out;
}

/**
 * An observed ARN as policy text: a `${` recorded in a name (an S3 key may hold one) is literal,
 * and written as it is a 2012-10-17 policy would read it as a variable. IAM's escape `${$}` is a
 * literal `$`. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * A key holding `*` or `?` arrives escaped already, its `$` included (activity/literal-key.ts), and
 * so does a pattern of its folder, though it keeps only a `${$}`: escaped again, `${$}{$}tmp/*`
 * would name a folder `${$}tmp` and refuse the keys read.
 */
function literal(arn: string): string {
  if (!arn.includes("${") || holdsEscape(arn)) return arn;
  return arn.replaceAll("${", "${$}{");
}
