import {
  inCallDependents,
  namesDependents,
  unrecordedCallDependents,
} from "../activity/in-call-dependents.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { COMPANION_ACTIONS } from "./companions.js";

/** A Map: looking up an object's property by a string built at run time is slow in V8. */
const companions = new Map(Object.entries(COMPANION_ACTIONS));

interface Resolved {
  /**
   * The actions that name any dependent or companion: few, so most kept actions are answered from
   * this small set, without reading the table (one entry per catalog action) at all.
   */
  naming: ActionSet;
  lists: (readonly ActionInfo[] | undefined)[];
}

const resolved = new WeakMap<Catalog, Resolved>();

const NONE: readonly ActionInfo[] = [];

function resolvedFor(catalog: Catalog): Resolved {
  let known = resolved.get(catalog);
  if (!known) {
    const naming = catalog.emptySet();
    for (const action of catalog.actions)
      if (namesDependents(action) || companions.has(action.key)) naming.add(action.id);
    // Sized and filled up front: a few high ids of an empty array would make it a dictionary, and
    // reading a hole looks along the prototype chain.
    known = { naming, lists: new Array(catalog.size).fill(undefined) };
    resolved.set(catalog, known);
  }
  return known;
}

/**
 * The catalog actions a kept action brings along, in order: the dependent actions IAM checks inside
 * its calls that their records do not show (../activity/in-call-dependents.ts), then its
 * companions. Resolved once per catalog action: every principal keeping the action asks again.
 */
export function dependentsOf(catalog: Catalog, action: ActionInfo): readonly ActionInfo[] {
  return dependentsOfId(catalog, action.id);
}

/** dependentsOf by action id: a kept action without any is answered without reading its record. */
export function dependentsOfId(catalog: Catalog, id: number): readonly ActionInfo[] {
  const { naming, lists } = resolvedFor(catalog);
  if (!naming.has(id)) return NONE;
  let list = lists[id];
  if (!list) {
    const action = catalog.actions[id]!;
    const companionsOf = (companions.get(action.key) ?? [])
      .map((name) => catalog.action(name))
      .filter((a) => a !== undefined);
    list = [...inCallDependents(catalog, action), ...companionsOf];
    lists[id] = list;
  }
  return list;
}

/**
 * dependentsOfId for an action kept with no call of it seen (possibly called where no trail records
 * it, or granted inside the window): no record decides any dependent, so all of them come along
 * (the role an EMR Serverless StartJobRun passes).
 */
export function unrecordedDependentsOfId(catalog: Catalog, id: number): readonly ActionInfo[] {
  const { naming } = resolvedFor(catalog);
  if (!naming.has(id)) return NONE;
  const action = catalog.actions[id]!;
  const listed = unrecordedCallDependents(catalog, action);
  const companionsOf = companions.get(action.key);
  if (!companionsOf) return listed;
  return [...listed, ...companionsOf.map((name) => catalog.action(name)).filter((a) => a !== undefined)];
}
