import type { Group, Role, Snapshot, User } from "./model.js";

export type IndexedPrincipal =
  | { type: "user"; principal: User }
  | { type: "role"; principal: Role }
  | { type: "group"; principal: Group };

interface PrincipalIndex {
  users: readonly User[];
  roles: readonly Role[];
  groups: readonly Group[];
  sizes: string;
  byArn: Map<string, IndexedPrincipal>;
}

const indexes = new WeakMap<Snapshot, PrincipalIndex>();

/**
 * A snapshot's user, role or group by ARN (the first one, as a scan in that order finds it).
 * Indexed once per snapshot, since every principal is looked up several times per audit; rebuilt
 * when the snapshot's lists are replaced or grow, so a snapshot assembled in steps is never stale.
 */
export function principalByArn(snapshot: Snapshot, arn: string): IndexedPrincipal | undefined {
  const { users, roles, groups } = snapshot;
  const sizes = `${users.length} ${roles.length} ${groups.length}`;
  let index = indexes.get(snapshot);
  if (
    !index ||
    index.users !== users ||
    index.roles !== roles ||
    index.groups !== groups ||
    index.sizes !== sizes
  ) {
    const byArn = new Map<string, IndexedPrincipal>();
    // Later entries never replace earlier ones: users, then roles, then groups, first one wins.
    for (const principal of users)
      if (!byArn.has(principal.arn)) byArn.set(principal.arn, { type: "user", principal });
    for (const principal of roles)
      if (!byArn.has(principal.arn)) byArn.set(principal.arn, { type: "role", principal });
    for (const principal of groups)
      if (!byArn.has(principal.arn)) byArn.set(principal.arn, { type: "group", principal });
    index = { users, roles, groups, sizes, byArn };
    indexes.set(snapshot, index);
  }
  return index.byArn.get(arn);
}
