import { recentlyAllowed } from "../activity/recent-grants.js";
import { observableFor } from "../activity/unrecorded-targets.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import { wildcardGrantedToday } from "./beyond-catalog.js";
import { checkedInsideOnly } from "./checked-inside.js";
import { createdResources } from "./created-series.js";
import { dependentsOfId, unrecordedDependentsOfId } from "./dependents.js";
import { managedRuleGrants } from "./managed-rule-grants.js";
import {
  droppedDenies,
  type ObservedCall,
  proposedPermissions,
  proveCoversObserved,
  proveWithinCurrent,
  replayedCalls,
} from "./proof.js";
import {
  afterApplying,
  keepUnobservable,
  removalEvidence,
  retainedCovers,
  retainedPermissions,
} from "./removals.js";
import { listRemoved } from "./removed-names.js";
import { risksOf } from "./risky-actions.js";
import { scopeObserved, withoutCoveredOf } from "./scope.js";
import { scopeAsGranted, scopeAsWritten, wildcardOnlyOnPatterns } from "./scope-as-granted.js";
import { packDocuments } from "./split.js";
import { allowStatements, carriedDenies, compressActions, type KeptGrant } from "./statements.js";
import { documentLimit, renderTarget } from "./target.js";
import {
  DEFAULT_GENERATE_OPTIONS,
  type GenerateInput,
  type GenerateOptions,
  type GenerationFailure,
  type Recommendation,
} from "./types.js";

export type GenerateResult = { recommendation: Recommendation } | { failure: GenerationFailure };

/** A recommendation whose removed actions are still the set they are listed from. */
export type UnlistedRecommendation = Omit<Recommendation, "removedActions"> & { removedActions: ActionSet };
export type UnlistedResult = { recommendation: UnlistedRecommendation } | { failure: GenerationFailure };

/**
 * The minimized policy set for one principal: observed ∩ currently allowed, scoped to observed
 * resources, with current conditions and Denies carried over, then proven with the evaluator
 * (withinCurrent, coversObserved). A set that fails a proof is never returned as a recommendation.
 */
export function recommend(input: GenerateInput, options: Partial<GenerateOptions> = {}): GenerateResult {
  return listRemoved(input.catalog, recommendUnlisted(input, options));
}

/**
 * `recommend`, with the removed actions left as a set: an admin's list runs to thousands of names,
 * which a worker thread need not write only to have them copied and read back (it sends the set).
 */
export function recommendUnlisted(
  given: GenerateInput,
  options: Partial<GenerateOptions> = {},
): UnlistedResult {
  // What the trail read shows of this principal: its grants may reach targets no trail records.
  return minimized({ ...given, observable: observableFor(given.current, given.observable) }, options);
}

/** `recommendUnlisted` once the principal's own observable actions are known. */
function minimized(input: GenerateInput, options: Partial<GenerateOptions>): UnlistedResult {
  const opts = { ...DEFAULT_GENERATE_OPTIONS, ...options };
  const { catalog, current } = input;
  const possible = current.effective().possible;
  const grants: KeptGrant[] = [];
  const calls: ObservedCall[] = [];
  const notAllowed: Recommendation["notAllowed"] = [];
  // Sets of ids, listed as sorted keys at the end.
  const observedIds = catalog.emptySet();
  const inferredIds = catalog.emptySet();
  const unobservable = catalog.emptySet();
  const unobservableKept = catalog.emptySet();
  const keeps = (key: string) =>
    keepUnobservable(opts.unobservable, input.lastAccess?.verdict(key) ?? "unknown");
  const refused: number[] = [];
  const created = createdResources(current, input.observed);
  for (const observed of input.observed) {
    const action = catalog.action(observed.action);
    if (!action) continue;
    if (observed.count <= 0) {
      if ((observed.refused ?? 0) > 0) refused.push(action.id);
      continue;
    }
    const scoped = scopeObserved(current, action, observed, opts.maxResourcesPerAction, created);
    // An action the calls only possibly needed, not granted today, is no call's loss; nor is a
    // resource they only possibly needed it on (the default session document of a shell session).
    if (!observed.possible)
      notAllowed.push(...certainlyNeeded(scoped.notAllowed, observed.inferredResources));
    if (scoped.grants.length === 0) continue;
    // Seen, but the trail cannot show every call (data events logged for some resources only):
    // the resources it did not log may be in use, so the action keeps its current scope.
    const partial = !input.observable.has(action.id) && keeps(action.key);
    if (partial) {
      unobservable.add(action.id);
      unobservableKept.add(action.id);
    }
    // A wildcard-only action kept through a grant on an ARN pattern has no scope as granted.
    const asGranted = partial ? scopeAsGranted(current, action) : [];
    grants.push(...(asGranted.length > 0 ? asGranted : scoped.grants));
    calls.push(...scoped.calls);
    (observed.inferred ? inferredIds : observedIds).add(action.id);
  }
  const keptIds = new Set<number>();
  for (const g of grants) keptIds.add(g.action.id);
  // Tried and refused, and allowed today: the permission was most likely granted since, for a
  // workload that has not run again in the window. Its silence shows nothing unused. (An action
  // also allowed in the window keeps its refused resources through scopeObserved.)
  for (const id of refused) {
    if (keptIds.has(id) || !possible.has(id)) continue;
    grants.push(...scopeAsGranted(current, catalog.actions[id]!));
    keptIds.add(id);
    inferredIds.add(id);
  }
  const retained = retainedPermissions(input);
  // Granted inside the window: held for part of it only, so not seeing it used shows nothing
  // unused, on any resource the grant names. An action kept on what was seen keeps the recent
  // policies' own statements too, resources and conditions as granted (an action seen on one
  // bucket keeps the bucket a policy attached last week names); a change of unknown effect makes
  // every policy held a recent one. What a user's groups grant stays with them; the new policy
  // need not repeat it.
  const recentlyGranted = input.recentlyGranted ?? [];
  const recentSources = new Set(recentlyGranted.map((g) => g.source));
  const fromRecent = (source: string) => recentSources.has(source);
  const recent = [...recentlyAllowed(current, recentlyGranted).ids()];
  const widened = new Set<number>();
  // Kept with no call seen: no record decides what IAM checks inside their calls.
  const unseen: number[] = [];
  for (const id of recent) {
    if (retainedCovers(current, retained, id)) continue;
    const action = catalog.actions[id]!;
    grants.push(...scopeAsWritten(current, action, fromRecent));
    if (keptIds.has(id)) {
      widened.add(id);
      continue;
    }
    keptIds.add(id);
    inferredIds.add(id);
    unseen.push(id);
  }
  const retainedSources = new Set((input.retained ?? []).map((p) => p.source));
  // Set up by Step Functions with the principal's credentials when it needs them, which no window
  // need show: kept as today's grants on those rules write them.
  for (const [id, written] of managedRuleGrants(current, catalog, retainedSources)) {
    if (keptIds.has(id)) continue;
    grants.push(...written);
    keptIds.add(id);
    inferredIds.add(id);
    unseen.push(id);
  }
  const keepDependents = (ids: Iterable<number>, unrecorded = false) => {
    for (const id of ids)
      for (const dependent of (unrecorded ? unrecordedDependentsOfId : dependentsOfId)(catalog, id)) {
        if (keptIds.has(dependent.id) || !possible.has(dependent.id)) continue;
        // Unobservable and left out on the evidence the options ask for (a last-accessed verdict),
        // unless only ever checked inside other calls: that data dates API calls, which it is not.
        const dropped = unobservable.has(dependent.id);
        if (dropped && !checkedInsideOnly(dependent)) continue;
        // What a user's groups grant stays with them; the new policy need not repeat it.
        if (retainedCovers(current, retained, dependent.id)) continue;
        grants.push(...scopeAsGranted(current, dependent));
        keptIds.add(dependent.id);
        inferredIds.add(dependent.id);
        if (dropped) unobservableKept.add(dependent.id);
      }
  };
  const unseenIds = new Set(unseen);
  keepDependents([...keptIds].filter((id) => !unseenIds.has(id)));
  keepDependents(unseen, true);
  for (const id of possible.minus(input.observable).ids()) {
    const action = catalog.actions[id]!;
    if (keptIds.has(id)) continue;
    unobservable.add(id);
    if (!keeps(action.key)) continue;
    unobservableKept.add(id);
    // What a user's groups grant stays with them; the new policy need not repeat it.
    if (retainedCovers(current, retained, id)) continue;
    grants.push(...scopeAsGranted(current, action));
    keptIds.add(id);
  }
  for (const [id, written] of wildcardOnlyOnPatterns(current, catalog, retainedSources)) {
    if (keptIds.has(id) || possible.has(id) || input.observable.has(id)) continue;
    const action = catalog.actions[id]!;
    unobservable.add(id);
    if (!keeps(action.key)) continue;
    unobservableKept.add(id);
    grants.push(...written);
    keptIds.add(id);
  }
  // Kept as possibly called where no trail shows it: its calls need what IAM checks inside them
  // as much as a seen call's do.
  keepDependents([...unobservableKept.ids()], true);
  if (grants.length === 0) {
    return failure(input, "no observed action is allowed by the current policies", [], true, false);
  }
  const denies = current.statements.filter((s) => s.layer === "identity" && s.statement.effect === "Deny");
  const allows = allowStatements(widened.size > 0 ? withoutCoveredOf(grants, widened) : grants);
  const carried = carriedDenies(catalog, denies, keptIds, retainedSources);
  let statements = carried.length > 0 ? allows.concat(carried) : allows;
  if (opts.compress)
    statements = statements.map((s) =>
      s.Effect === "Allow" && s.Action && s.Resource
        ? {
            ...s,
            Action: compressActions(catalog, s.Action, (w) =>
              wildcardGrantedToday(current.statements, w, s.Resource!),
            ),
          }
        : s,
    );
  const { documents, sizes } = packDocuments(statements, documentLimit(input, opts.maxPolicySize));
  const proposed = proposedPermissions(current, documents, sizes);
  const within = proveWithinCurrent(catalog, current, proposed);
  const after = afterApplying(input, proposed);
  // The principal's own policies are replaced; its groups' stay, and must stay guarded.
  const dropped = retained ? droppedDenies(current, after, ownSources(input)) : [];
  const replayed = replayedCalls(input.observed);
  const covers = proveCoversObserved(current, proposed, replayed.length > 0 ? calls.concat(replayed) : calls);
  if (!within.ok || dropped.length > 0 || !covers.ok) {
    return failure(
      input,
      "the minimized policy could not be proven",
      [...within.violations, ...dropped, ...covers.violations],
      within.ok && dropped.length === 0,
      covers.ok,
    );
  }
  const target = renderTarget(input, documents);
  if (!target) {
    const reason = `the minimized policy needs ${documents.length} documents; permission set ${input.permissionSet} holds one inline policy`;
    return failure(input, reason, [], true, true);
  }
  const removed = possible.minus(after.effective().possible);
  const removedRisks = risks(catalog, removed, input.classify);
  const verified = removalEvidence(catalog, removed, input);
  return {
    recommendation: {
      principalArn: input.principalArn,
      ...(target.permissionSet ? { permissionSet: target.permissionSet } : {}),
      policies: target.policies,
      observedActions: catalog.sortedKeys(observedIds),
      removedActions: removed,
      removedCount: removed.count(),
      removedVerified: verified,
      removedUnverified: removed.count() - verified,
      removedRisks,
      unobservableActions: catalog.sortedKeys(unobservable),
      unobservableKept: catalog.sortedKeys(unobservableKept),
      inferredActions: catalog.sortedKeys(inferredIds),
      notAllowed,
      checks: { withinCurrent: true, coversObserved: true },
      summary: summarize(
        keptIds.size,
        // Kept yet outside `possible`: a wildcard-only action granted on an ARN pattern (scopeObserved).
        possible.count() + [...keptIds].filter((id) => !possible.has(id)).length,
        removed.count(),
        removedRisks,
        removed.count() - verified,
        target.policies.length,
        recent.length > 0 ? recentlyGranted : [],
      ),
      terraform: target.terraform,
      cloudformation: target.cloudformation,
    },
  };
}

/** The refusals but those of resources only inferred calls named, which were only possibly needed. */
function certainlyNeeded(
  refusals: Recommendation["notAllowed"],
  inferred: readonly string[] | undefined,
): Recommendation["notAllowed"] {
  return inferred ? refusals.filter((r) => !inferred.includes(r.resource)) : refusals;
}

/** The principal's own policies: those the recommendation replaces. */
function ownSources(input: GenerateInput): Set<string> {
  const kept = new Set((input.retained ?? []).map((p) => p.source));
  return new Set(input.current.policies.identity.map((p) => p.source).filter((s) => !kept.has(s)));
}

function failure(
  input: GenerateInput,
  reason: string,
  violations: string[],
  withinCurrent: boolean,
  coversObserved: boolean,
): UnlistedResult {
  return {
    failure: {
      principalArn: input.principalArn,
      reason,
      violations,
      checks: { withinCurrent, coversObserved },
    },
  };
}

function risks(
  catalog: Catalog,
  removed: ActionSet,
  classify: GenerateInput["classify"],
): Record<string, string[]> {
  // An admin's removed set holds most of the catalog: only the few risky actions are named.
  return classify ? risksOf(catalog, removed, classify) : {};
}

/** IAM's default quota of managed policies attached to one user or role. */
const ATTACHED_POLICY_QUOTA = 10;

function summarize(
  kept: number,
  granted: number,
  removed: number,
  removedRisks: Record<string, string[]>,
  unverified: number,
  documents: number,
  recentlyGranted: readonly { source: string; change: string }[],
): string {
  const changes = [...new Set(recentlyGranted.map((g) => g.change))].sort();
  const named = Object.entries(removedRisks)
    .map(([risk, actions]) => `${actions.length} ${risk} action${actions.length === 1 ? "" : "s"}`)
    .join(", ");
  const notes = [
    ...(unverified > 0 ? [`${unverified} of the removals are not verified by the evidence`] : []),
    ...(changes.length > 0
      ? [
          `keeps what policies granted inside the window allow, held for part of it only (${changes.join(", ")})`,
        ]
      : []),
    // Typically unobservable actions kept as granted through a wildcard: the reviewer decides.
    ...(documents > ATTACHED_POLICY_QUOTA
      ? [
          `needs ${documents} managed policies, more than the ${ATTACHED_POLICY_QUOTA} IAM attaches by default; review the unobservable actions kept`,
        ]
      : []),
  ];
  return [
    `keeps ${kept} of ${granted} granted actions; removes ${removed}${named ? ` (${named})` : ""}`,
    ...notes,
  ].join("; ");
}
