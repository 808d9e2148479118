import type { Catalog } from "../catalog/catalog.js";
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
