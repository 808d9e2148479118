import type { Group, Role, Snapshot, User, UserCredentials } from "../../core/engine/snapshot/model.js";

/** Small hand-made snapshots for precise tests; real data covers breadth elsewhere. */
export const ACCOUNT = "111122223333";

export function snapshotWith(parts: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: 1,
    accountId: ACCOUNT,
    collectedAt: "2026-01-01T00:00:00.000Z",
    users: [],
    groups: [],
    roles: [],
    managedPolicies: {},
    credentials: {},
    lastAccessed: {},
    warnings: [],
    ...parts,
  };
}

export function user(name: string, extra: Partial<User> = {}): User {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    id: `AIDA${name}`,
    path: "/",
    name,
    createDate: "2020-01-01T00:00:00.000Z",
    attachedPolicyArns: [],
    inlinePolicies: [],
    tags: [],
    groups: [],
    ...extra,
  };
}

export function group(name: string, extra: Partial<Group> = {}): Group {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
    id: `AGPA${name}`,
    path: "/",
    name,
    createDate: "2020-01-01T00:00:00.000Z",
    attachedPolicyArns: [],
    inlinePolicies: [],
    ...extra,
  };
}

export function role(name: string, extra: Partial<Role> = {}): Role {
  return {
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    id: `AROA${name}`,
    path: "/",
    name,
    createDate: "2020-01-01T00:00:00.000Z",
    attachedPolicyArns: [],
    inlinePolicies: [],
    tags: [],
    trustPolicy: { Version: "2012-10-17", Statement: [] },
    instanceProfiles: [],
    serviceLinked: false,
    ...extra,
  };
}

export function credentials(name: string, extra: Partial<UserCredentials> = {}): UserCredentials {
  return {
    userArn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    userName: name,
    userCreated: "2020-01-01T00:00:00.000Z",
    password: { enabled: false, lastUsed: null },
    mfa: { active: false },
    accessKeys: [],
    ...extra,
  };
}

export const allowDoc = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});

/** A principal's one inline policy, "own", of these statements: spread into `role()` or `user()`. */
export const ownPolicy = (statements: unknown[]) => ({
  inlinePolicies: [{ name: "own", document: { Version: "2012-10-17", Statement: statements } }],
});
