import type { Group, Role, Snapshot, User } from "./model.js";

interface Kept<T> {
  users: readonly User[];
  roles: readonly Role[];
  groups: readonly Group[];
  sizes: string;
  value: T;
}

/**
 * A value derived from a snapshot's users, roles and groups (an index), kept per snapshot and built
 * again when the lists are replaced or grow, so a snapshot assembled in steps is never read stale.
 */
export function fromPrincipalLists<T>(
  kept: WeakMap<Snapshot, Kept<T>>,
  snapshot: Snapshot,
  build: (users: readonly User[], roles: readonly Role[], groups: readonly Group[]) => T,
): T {
  const { users, roles, groups } = snapshot;
  const sizes = `${users.length} ${roles.length} ${groups.length}`;
  const known = kept.get(snapshot);
  if (
    known &&
    known.users === users &&
    known.roles === roles &&
    known.groups === groups &&
    known.sizes === sizes
  )
    return known.value;
  const value = build(users, roles, groups);
  kept.set(snapshot, { users, roles, groups, sizes, value });
  return value;
}

export type PrincipalListsCache<T> = WeakMap<Snapshot, Kept<T>>;
