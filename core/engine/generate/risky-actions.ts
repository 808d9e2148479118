import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";

type Classify = (actionKey: string) => string[];

interface RiskTable {
  catalog: Catalog;
  risky: ActionSet;
  /** Each risky action's classes by id, as `classify` names them. */
  classes: (readonly string[] | undefined)[];
}

const riskTables = new WeakMap<Classify, RiskTable>();

function riskTable(catalog: Catalog, classify: Classify): RiskTable {
  const known = riskTables.get(classify);
  if (known?.catalog === catalog) return known;
  const risky = catalog.emptySet();
  // Sized and filled up front, so that reading an id never looks along the prototype chain.
  const classes = new Array<readonly string[] | undefined>(catalog.size).fill(undefined);
  for (const action of catalog.actions) {
    const found = classify(action.key);
    if (found.length === 0) continue;
    risky.add(action.id);
    classes[action.id] = found;
  }
  const table = { catalog, risky, classes };
  riskTables.set(classify, table);
  return table;
}

/**
 * The catalog's actions `classify` names a risk of, found once per classifier: an admin's removed
 * actions are most of the catalog, and only the few risky ones need naming.
 */
export function riskyActions(catalog: Catalog, classify: Classify): ActionSet {
  return riskTable(catalog, classify).risky;
}

/**
 * The risky actions of a set by class, each class's keys in catalog order and the classes in the
 * order they are first met: what `classify` says of each member, asked once per catalog action.
 */
export function risksOf(catalog: Catalog, set: ActionSet, classify: Classify): Record<string, string[]> {
  const { risky, classes } = riskTable(catalog, classify);
  const byRisk = new Map<string, string[]>();
  for (const id of set.intersect(risky).ids()) {
    const key = catalog.actionKeys[id]!;
    for (const risk of classes[id]!) {
      const list = byRisk.get(risk);
      if (list) list.push(key);
      else byRisk.set(risk, [key]);
    }
  }
  return Object.fromEntries(byRisk);
}
