import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { GenerateResult, UnlistedResult } from "./recommend.js";

/** A result with its removed actions listed by name, in the same place among its fields. */
export function listRemoved(catalog: Catalog, result: UnlistedResult): GenerateResult {
  if (!("recommendation" in result)) return result;
  const r = result.recommendation;
  return { recommendation: { ...r, removedActions: compressByService(catalog, r.removedActions) } };
}

/** Action keys, with `svc:*` standing for a service all of whose actions are in the set. */
export function compressByService(catalog: Catalog, set: ActionSet): string[] {
  // Counted first: most services are wholly in or wholly out of a removal set, and the counts size
  // the list, which for an admin's removals holds thousands of keys, in one allocation.
  const { services, actionKeys, serviceWildcards } = catalog;
  const members = new Int32Array(services.length);
  let length = 0;
  for (let i = 0; i < services.length; i++) {
    const service = services[i]!;
    const n = set.countRange(service.first, service.end);
    members[i] = n;
    length += n === service.end - service.first && n > 0 ? 1 : n;
  }
  const out = new Array<string>(length);
  let k = 0;
  for (let i = 0; i < services.length; i++) {
    const service = services[i]!;
    const n = members[i]!;
    if (n === 0) continue;
    if (n === service.end - service.first) out[k++] = serviceWildcards[i]!;
    else k = set.namesInRange(service.first, service.end, actionKeys, out, k);
  }
  return out;
}
