import { DEPENDENT_ACTIONS } from "./dependent-actions.js";

let documented: ReadonlyMap<string, readonly string[]> | undefined;

/** The documented dependents (DEPENDENT_ACTIONS) by action key in lower case, read from the table once. */
export function documentedDependents(): ReadonlyMap<string, readonly string[]> {
  if (documented) return documented;
  const byKey = new Map<string, readonly string[]>();
  for (const [prefix, entries] of Object.entries(DEPENDENT_ACTIONS))
    for (const entry of entries.split(" ")) {
      const [name, dependents] = entry.split("=") as [string, string];
      byKey.set(`${prefix}:${name}`.toLowerCase(), dependents.split(","));
    }
  documented = byKey;
  return byKey;
}
