import type { Catalog } from "../catalog/catalog.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resourceExposureActions } from "../findings/permissive/resource-exposure.js";
import { CREDENTIALS_EXPOSURE, DATA_EXFILTRATION } from "../findings/permissive/risky-actions.js";

/**
 * Names the risk classes an action belongs to, for a recommendation's "removes 3
 * privilege-escalation actions": the same tables the permission detectors use, and resource
 * exposure's catalog-wide class (every Permissions management write) as its finding counts it.
 */
export function riskClassifier(catalog: Catalog): (actionKey: string) => string[] {
  const classes = new Map<string, string[]>();
  const add = (risk: string, actions: Iterable<string>) => {
    for (const action of actions) {
      const key = action.toLowerCase();
      const list = classes.get(key) ?? [];
      if (!list.includes(risk)) list.push(risk);
      classes.set(key, list);
    }
  };
  // A path's look-up of its target (ec2:DescribeInstances) grants nothing by itself.
  add(
    "privilege-escalation",
    ESCALATION_PATHS.flatMap((p) => p.requires.filter((r) => !r.lookUp).map((r) => r.action)),
  );
  add("credentials-exposure", CREDENTIALS_EXPOSURE);
  add("data-exfiltration", DATA_EXFILTRATION);
  add("resource-exposure", catalog.keys(resourceExposureActions(catalog)));
  // Asked once per removed action of every principal, by the catalog's own spellings: answers are
  // kept by spelling, up to a bound, so each is lower-cased once.
  const bySpelling = new Map<string, string[]>();
  return (actionKey) => {
    const known = bySpelling.get(actionKey);
    if (known) return known;
    const found = classes.get(actionKey.toLowerCase()) ?? [];
    if (bySpelling.size < SPELLINGS_KEPT) bySpelling.set(actionKey, found);
    return found;
  };
}

/** Above the catalog's size: every action's spelling fits, and odd spellings cannot grow it further. */
const SPELLINGS_KEPT = 50_000;
