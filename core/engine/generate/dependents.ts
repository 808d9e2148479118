import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { COMPANION_ACTIONS } from "./companions.js";

const resolved = new WeakMap<Catalog, (readonly ActionInfo[] | undefined)[]>();

/**
 * The catalog actions a kept action brings along, in order: its dependent actions, its resource
 * types' dependent actions and its companions. Names the catalog does not know are left out.
 * Resolved once per catalog action: every principal keeping the action asks again.
 */
export function dependentsOf(catalog: Catalog, action: ActionInfo): readonly ActionInfo[] {
  let table = resolved.get(catalog);
  if (!table) {
    // Sized up front: filling a few high ids of an empty array would make it a dictionary.
    table = new Array(catalog.size);
    resolved.set(catalog, table);
  }
  let list = table[action.id];
  if (!list) {
    const names = [
      ...action.dependentActions,
      ...action.resourceTypes.flatMap((rt) => rt.dependentActions),
      ...(COMPANION_ACTIONS[action.key] ?? []),
    ];
    list = names.map((name) => catalog.action(name)).filter((a) => a !== undefined);
    table[action.id] = list;
  }
  return list;
}
