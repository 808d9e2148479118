import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { COMPANION_ACTIONS } from "./companions.js";

/** A Map: looking up an object's property by a string built at run time is slow in V8. */
const companions = new Map(Object.entries(COMPANION_ACTIONS));

const resolved = new WeakMap<Catalog, (readonly ActionInfo[] | undefined)[]>();

/**
 * The catalog actions a kept action brings along, in order: its dependent actions, its resource
 * types' dependent actions and its companions. Names the catalog does not know are left out.
 * Resolved once per catalog action: every principal keeping the action asks again.
 */
export function dependentsOf(catalog: Catalog, action: ActionInfo): readonly ActionInfo[] {
  let table = resolved.get(catalog);
  if (!table) {
    // Sized and filled up front: a few high ids of an empty array would make it a dictionary, and
    // reading a hole looks along the prototype chain.
    table = new Array(catalog.size).fill(undefined);
    resolved.set(catalog, table);
  }
  let list = table[action.id];
  if (!list) {
    const names = [
      ...action.dependentActions,
      ...action.resourceTypes.flatMap((rt) => rt.dependentActions),
      ...(companions.get(action.key) ?? []),
    ];
    list = names.map((name) => catalog.action(name)).filter((a) => a !== undefined);
    table[action.id] = list;
  }
  return list;
}
