import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";

type Classify = (actionKey: string) => string[];

const riskySets = new WeakMap<Classify, { catalog: Catalog; risky: ActionSet }>();

/**
 * The catalog's actions `classify` names a risk of, found once per classifier: an admin's removed
 * actions are most of the catalog, and only the few risky ones need naming.
 */
export function riskyActions(catalog: Catalog, classify: Classify): ActionSet {
  const known = riskySets.get(classify);
  if (known?.catalog === catalog) return known.risky;
  const risky = catalog.emptySet();
  for (const action of catalog.actions) if (classify(action.key).length > 0) risky.add(action.id);
  riskySets.set(classify, { catalog, risky });
  return risky;
}
