import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import { globMatcher, hasWildcard } from "./glob.js";

const caches = new WeakMap<Catalog, Map<string, ActionSet>>();

/**
 * The catalog actions an Action pattern names (`s3:Get*`, `*`, `iam:passrole`). Matching is
 * case-insensitive. Results are cached per catalog: the same patterns recur across thousands of
 * policies, and callers must treat the returned set as read-only.
 */
export function expandActionPattern(catalog: Catalog, pattern: string): ActionSet {
  let cache = caches.get(catalog);
  if (!cache) {
    cache = new Map();
    caches.set(catalog, cache);
  }
  let set = cache.get(pattern);
  if (!set) {
    // Also kept under the pattern as written, so a repeated lookup builds no lower-case copy.
    const key = pattern.toLowerCase();
    set = cache.get(key) ?? compute(catalog, key);
    cache.set(key, set);
    cache.set(pattern, set);
  }
  return set;
}

function compute(catalog: Catalog, pattern: string): ActionSet {
  if (pattern === "*") return catalog.fullSet();
  const set = catalog.emptySet();
  const colon = pattern.indexOf(":");
  if (colon < 0) return set;
  const servicePattern = pattern.slice(0, colon);
  const namePattern = pattern.slice(colon + 1);
  const services = hasWildcard(servicePattern)
    ? catalog.services.filter((s) => globMatcher(servicePattern, true).test(s.prefix))
    : [catalog.service(servicePattern)].filter((s) => s !== undefined);
  for (const service of services) {
    if (namePattern === "*") {
      for (let id = service.first; id < service.end; id++) set.add(id);
    } else if (!hasWildcard(namePattern)) {
      const action = catalog.action(`${service.prefix}:${namePattern}`);
      if (action) set.add(action.id);
    } else {
      const matcher = globMatcher(namePattern, true);
      for (let id = service.first; id < service.end; id++) {
        if (matcher.test(catalog.actions[id]!.name)) set.add(id);
      }
    }
  }
  return set;
}

/** Whether a pattern names some catalog action: a name without wildcards is looked up, not expanded. */
export function namesAnyAction(catalog: Catalog, pattern: string): boolean {
  return hasWildcard(pattern)
    ? !expandActionPattern(catalog, pattern).isEmpty()
    : catalog.action(pattern) !== undefined;
}

/** The union of what a list of patterns names; with `not`, its complement (NotAction). */
export function expandActionList(catalog: Catalog, patterns: readonly string[], not = false): ActionSet {
  const set = catalog.emptySet();
  for (const pattern of patterns) {
    // A name without wildcards is one action or none: looked up, not expanded (a generated policy
    // lists hundreds, each of which would otherwise get a cached set of its own).
    if (hasWildcard(pattern)) set.unionInPlace(expandActionPattern(catalog, pattern));
    else {
      const action = catalog.action(pattern);
      if (action) set.add(action.id);
    }
  }
  return not ? set.complement() : set;
}
