import type { Catalog } from "../catalog/catalog.js";
import type { CompiledStatement } from "../policy/compile.js";
import { patternCovers } from "../policy/covers.js";
import { globsIntersect, hasWildcard } from "../policy/glob.js";
import type { Statement } from "../policy/types.js";

/**
 * Actions the catalog does not list (a service or API newer than it) are decided by IAM all the
 * same: a wildcard or NotAction names them today. The proofs count catalog actions; these answer,
 * from the Action elements alone, what no count of catalog actions can.
 */

/** Whether a statement's Action element may name an action the catalog does not list. */
export function namesBeyondCatalog(catalog: Catalog, statement: Statement): boolean {
  return statement.notAction || statement.actions.some((a) => hasWildcard(a) || !catalog.action(a));
}

/** Whether two statements may both name one action the catalog does not list (over-approximated). */
export function meetBeyondCatalog(catalog: Catalog, a: Statement, b: Statement): boolean {
  if (!namesBeyondCatalog(catalog, a) || !namesBeyondCatalog(catalog, b)) return false;
  if (a.notAction || b.notAction) return true;
  return a.actions.some((p) => b.actions.some((q) => globsIntersect(p, q, true)));
}

/**
 * Whether the carriers' Action elements together name every action `deny` names, listed or not:
 * a NotAction carrier sparing no more than the Deny spares, or Action patterns covering each of
 * the Deny's (`*` covering a NotAction Deny). Action names are case-insensitive.
 */
export function carriedBeyondCatalog(deny: Statement, carriers: readonly Statement[]): boolean {
  const lower = (list: readonly string[]) => list.map((a) => a.toLowerCase());
  const named = carriers.filter((c) => !c.notAction).flatMap((c) => lower(c.actions));
  if (deny.notAction) {
    const spared = new Set(lower(deny.actions));
    return (
      named.includes("*") || carriers.some((c) => c.notAction && lower(c.actions).every((a) => spared.has(a)))
    );
  }
  return lower(deny.actions).every((p) => named.some((q) => patternCovers(q, p)));
}

/**
 * Whether today's identity policies grant whatever an action wildcard the recommendation would
 * write (`s3:GetObject*`) names on `resources`, an API newer than the catalog included: some
 * unconditional Allow names the wildcard's every match (by Action pattern, or a NotAction that
 * spares none of them) on each resource. Otherwise the wildcard would grant such an API, and the
 * proof, counting catalog actions, could not tell.
 */
export function wildcardGrantedToday(
  current: readonly CompiledStatement[],
  wildcard: string,
  resources: readonly string[],
): boolean {
  return current.some(({ layer, statement: s }) => {
    if (layer !== "identity" || s.effect !== "Allow" || s.notResource || s.conditions.length > 0)
      return false;
    const names = s.notAction
      ? !s.actions.some((a) => globsIntersect(a, wildcard, true))
      : s.actions.some((a) => patternCovers(a, wildcard, true));
    return names && resources.every((r) => (s.resources ?? []).some((q) => patternCovers(q, r)));
  });
}
