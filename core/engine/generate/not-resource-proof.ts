import type { ActionSet } from "../catalog/action-set.js";
import type { CompiledStatement } from "../policy/compile.js";
import { patternCovers } from "../policy/covers.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Statement } from "../policy/types.js";
import { statementTouchesPattern } from "./grants.js";
import { impliesConditions, sameScope } from "./statement-scope.js";

/**
 * Whether an identity Allow of `permissions` grants action `id` on every resource but (a subset
 * of) `excluded`, under conditions that those of `under` imply.
 */
export function allowsAllBut(
  permissions: PrincipalPermissions,
  id: number,
  excluded: readonly string[],
  under: Statement,
): boolean {
  return permissions
    .statementsFor(id)
    .some(
      (g) =>
        g.layer === "identity" &&
        g.statement.effect === "Allow" &&
        g.reach.has(id) &&
        coversAllBut(g.statement, excluded) &&
        impliesConditions(under, g.statement),
    );
}

/**
 * withinCurrent for a proposed Allow written with NotResource (a recent grant kept as written): each
 * of its actions is granted today, under conditions it also imposes, on every resource but a subset
 * of those it leaves out (Resource `*`, or a NotResource each of whose patterns one of the proposed
 * statement's covers), and every current Deny reaching the action is carried over.
 */
export function notResourceViolations(
  current: PrincipalPermissions,
  proposed: CompiledStatement,
  currentDenies: readonly CompiledStatement[],
  proposedDenies: readonly CompiledStatement[],
  free: ActionSet,
): string[] {
  const { catalog } = current;
  const excluded = proposed.statement.resources ?? [];
  const violations: string[] = [];
  for (const id of proposed.actions.ids()) {
    if (free.has(id)) continue;
    const key = catalog.actions[id]!.key;
    if (!allowsAllBut(current, id, excluded, proposed.statement)) {
      violations.push(
        `${key} on every resource but ${excluded.join(", ")} is not granted by the current policies`,
      );
      continue;
    }
    for (const deny of currentDenies) {
      if (!deny.reach.has(id) || !statementTouchesPattern(deny.statement, "*")) continue;
      if (!proposedDenies.some((d) => d.actions.has(id) && sameScope(d.statement, deny.statement)))
        violations.push(`${key}: the current Deny in ${deny.source} is not carried over`);
    }
  }
  return violations;
}

/** Whether a grant applies to every resource outside `excluded`. */
function coversAllBut(grant: Statement, excluded: readonly string[]): boolean {
  const resources = grant.resources;
  if (!resources) return true;
  if (!grant.notResource) return resources.some((r) => patternCovers(r, "*"));
  return resources.every((left) => excluded.some((e) => patternCovers(e, left)));
}
