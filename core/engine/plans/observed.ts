import type { ObservedCall } from "../generate/proof.js";
import { scopedCalls } from "../generate/scope.js";
import type { ObservedAction } from "../generate/types.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";

/** Several principals' observed use as one (a group's members, a shared policy's holders). */
export function mergeObserved(lists: readonly (readonly ObservedAction[])[]): ObservedAction[] {
  const byAction = new Map<string, ObservedAction>();
  for (const list of lists) {
    for (const o of list) {
      const key = o.action.toLowerCase();
      const seen = byAction.get(key);
      if (!seen) {
        byAction.set(key, {
          ...o,
          resources: [...o.resources],
          ...(o.refusedResources ? { refusedResources: [...o.refusedResources] } : {}),
        });
        continue;
      }
      seen.count += o.count;
      if (o.refused) seen.refused = (seen.refused ?? 0) + o.refused;
      if (o.refusedResources)
        seen.refusedResources = [...new Set([...(seen.refusedResources ?? []), ...o.refusedResources])];
      if (o.refusedUnscoped) seen.refusedUnscoped = (seen.refusedUnscoped ?? 0) + o.refusedUnscoped;
      seen.unscopedCalls += o.unscopedCalls;
      const derived = derivedOnly(seen, o);
      seen.resources = [...new Set([...seen.resources, ...o.resources])];
      // Inferred only when no one was seen calling it.
      if (!o.inferred) delete seen.inferred;
      delete seen.inferredResources;
      if (!seen.inferred && derived.length > 0) seen.inferredResources = derived;
      if (!o.possible) delete seen.possible;
      if (o.lastSeen && (!seen.lastSeen || o.lastSeen > seen.lastSeen)) seen.lastSeen = o.lastSeen;
    }
  }
  return [...byAction.values()];
}

/** The resources of `a` and `b` together that only derived calls named on every side naming them. */
function derivedOnly(a: ObservedAction, b: ObservedAction): string[] {
  const derived = (o: ObservedAction) => new Set(o.inferred ? o.resources : (o.inferredResources ?? []));
  const inA = new Set(a.resources);
  const inB = new Set(b.resources);
  const fromA = derived(a);
  const fromB = derived(b);
  return [...new Set([...a.resources, ...b.resources])].filter(
    (r) => (!inA.has(r) || fromA.has(r)) && (!inB.has(r) || fromB.has(r)),
  );
}

/** The calls a principal's proof replays: its observed use that its current policies allow. */
export function observedCalls(
  current: PrincipalPermissions,
  observed: readonly ObservedAction[],
  maxResources: number,
): ObservedCall[] {
  return observed.flatMap((o) => {
    const action = current.catalog.action(o.action);
    if (!action || o.count <= 0) return [];
    return scopedCalls(current, action, o, maxResources);
  });
}
