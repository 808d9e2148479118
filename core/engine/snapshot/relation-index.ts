import type { Group, Principal, Snapshot, User } from "./model.js";
import { fromPrincipalLists, type PrincipalListsCache } from "./principal-lists.js";

export type HolderType = "user" | "role" | "group";

export interface Holder {
  principal: Principal;
  type: HolderType;
}

interface Relations {
  /** Policy ARN → its direct holders, users then roles then groups, each in snapshot order. */
  holders: Map<string, Holder[]>;
  /** Policy ARN → its direct holders by ARN, sorted when first asked for. */
  sorted: Map<string, readonly Holder[]>;
  /** Group name → its members, in snapshot order. */
  members: Map<string, User[]>;
  /** Group name → the groups of that name, in snapshot order. */
  groupsByName: Map<string, Group[]>;
}

const indexes: PrincipalListsCache<Relations> = new WeakMap();

/**
 * Who holds each managed policy, who is in each group and which groups a name stands for, indexed
 * once per snapshot: plans ask for every customer managed policy, and a scan of every principal
 * per policy made a large account's plans quadratic.
 */
function indexOf(snapshot: Snapshot): Relations {
  return fromPrincipalLists(indexes, snapshot, (users, roles, groups) => {
    const holders = new Map<string, Holder[]>();
    const add = (list: readonly Principal[], type: HolderType) => {
      // A policy listed twice on one principal is still one attachment.
      for (const principal of list)
        for (const arn of new Set(principal.attachedPolicyArns)) push(holders, arn, { principal, type });
    };
    add(users, "user");
    add(roles, "role");
    add(groups, "group");
    const members = new Map<string, User[]>();
    for (const user of users) for (const name of new Set(user.groups)) push(members, name, user);
    const groupsByName = new Map<string, Group[]>();
    for (const group of groups) push(groupsByName, group.name, group);
    return { holders, sorted: new Map(), members, groupsByName };
  });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The users, roles and groups a managed policy is attached to directly, by ARN. */
export function holdersOf(snapshot: Snapshot, policyArn: string): Holder[] {
  return [...attachedTo(snapshot, policyArn)];
}

/**
 * holdersOf, shared and not to be changed: for callers asking about every policy of the account
 * for each of many principals, where a sorted copy each time was most of the cost.
 */
export function attachedTo(snapshot: Snapshot, policyArn: string): readonly Holder[] {
  const { holders, sorted } = indexOf(snapshot);
  let list = sorted.get(policyArn);
  if (!list) {
    list = [...(holders.get(policyArn) ?? [])].sort((a, b) => a.principal.arn.localeCompare(b.principal.arn));
    sorted.set(policyArn, list);
  }
  return list;
}

/** A group's members, by name. */
export function membersOf(snapshot: Snapshot, group: Group): User[] {
  const list = indexOf(snapshot).members.get(group.name) ?? [];
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

/** The groups a user belongs to, as GetAccountAuthorizationDetails names them (by group name). */
export function groupsOfUser(snapshot: Snapshot, user: User): Group[] {
  const byName = indexOf(snapshot).groupsByName;
  return user.groups.flatMap((name) => byName.get(name) ?? []);
}
