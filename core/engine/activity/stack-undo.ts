import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { CLOUDFORMATION, UNDO_VERBS } from "./knowledge/authorizations/stack-undo.js";
import type { MappedCatalogAction, ResolvedRule } from "./mapping.js";

/**
 * The rule adding, to a creating call CloudFormation made with the principal's credentials, the
 * catalog's actions that undo it (knowledge/authorizations/stack-undo.ts), each on the resource
 * the creating need is checked on; undefined when the call creates nothing the catalog can undo.
 * Only the needs the event is named for are read: an inferred need was never seen made.
 */
export function stackUndoRule(
  catalog: Catalog,
  actions: readonly MappedCatalogAction[],
): ResolvedRule | undefined {
  const add: MappedCatalogAction[] = [];
  for (const need of actions) {
    if (need.inferred) continue;
    const { service, name } = need.action;
    for (const [made, undone] of UNDO_VERBS) {
      // The verb is a whole word of the name: `Runtime…` is not a `Run`, `Address…` not an `Add`.
      if (!name.startsWith(made) || !/^[A-Z]/.test(name.slice(made.length))) continue;
      const undo = catalog.action(`${service}:${undone}${name.slice(made.length)}`);
      if (!undo || actions.some((a) => a.action === undo) || add.some((a) => a.action === undo)) continue;
      add.push({ action: undo, resource: need.resource, inferred: true });
    }
  }
  return add.length > 0 ? { invokedBy: CLOUDFORMATION, replace: new Map(), add } : undefined;
}

/** Whether `undo` is the catalog action undoing what `made` (an action key) creates, by the verbs above. */
export function undoes(undo: ActionInfo, made: string): boolean {
  const colon = made.indexOf(":");
  if (made.slice(0, colon).toLowerCase() !== undo.service.toLowerCase()) return false;
  const name = made.slice(colon + 1);
  return UNDO_VERBS.some(
    ([m, u]) =>
      name.startsWith(m) && undo.name.startsWith(u) && name.slice(m.length) === undo.name.slice(u.length),
  );
}
