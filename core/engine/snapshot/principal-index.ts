import type { Group, Role, Snapshot, User } from "./model.js";
import { fromPrincipalLists, type PrincipalListsCache } from "./principal-lists.js";

export type IndexedPrincipal =
  | { type: "user"; principal: User }
  | { type: "role"; principal: Role }
  | { type: "group"; principal: Group };

const indexes: PrincipalListsCache<Map<string, IndexedPrincipal>> = new WeakMap();

/**
 * A snapshot's user, role or group by ARN (the first one, as a scan in that order finds it).
 * Indexed once per snapshot, since every principal is looked up several times per audit.
 */
export function principalByArn(snapshot: Snapshot, arn: string): IndexedPrincipal | undefined {
  const byArn = fromPrincipalLists(indexes, snapshot, (users, roles, groups) => {
    const index = new Map<string, IndexedPrincipal>();
    // Later entries never replace earlier ones: users, then roles, then groups, first one wins.
    for (const principal of users)
      if (!index.has(principal.arn)) index.set(principal.arn, { type: "user", principal });
    for (const principal of roles)
      if (!index.has(principal.arn)) index.set(principal.arn, { type: "role", principal });
    for (const principal of groups)
      if (!index.has(principal.arn)) index.set(principal.arn, { type: "group", principal });
    return index;
  });
  return byArn.get(arn);
}
