import type { PrincipalType, Requirement } from "./types.js";

/** Shorthands that keep the path tables one line per path. */
export const create = (action: string): Requirement => ({ action, target: { kind: "new" } });

/** A grant to a group the caller creates and then joins (grantRoom caps it by the caller's boundary). */
export const createJoined = (action: string): Requirement => ({
  action,
  target: { kind: "new", joined: true },
});

export const lookUp = (action: string): Requirement => ({ action, target: { kind: "new" }, lookUp: true });

export const passTo = (service: string, instanceProfile = false): Requirement => ({
  action: "iam:PassRole",
  target: {
    kind: "pass-role",
    service: `${service}.amazonaws.com`,
    ...(instanceProfile ? { instanceProfile } : {}),
  },
});

/** iam:PassRole on any role `service` can assume: one the service itself works with, not one to escalate to. */
export const passAny = (service: string): Requirement => ({
  action: "iam:PassRole",
  target: { kind: "pass-role", service: `${service}.amazonaws.com`, anyRole: true },
});

/** iam:PassRole on a privileged instance-profile role, passed through another service's call. */
export const passOnTo = (service: string): Requirement => ({
  action: "iam:PassRole",
  target: {
    kind: "pass-role",
    service: `${service}.amazonaws.com`,
    instanceProfile: true,
    passedToUnknown: true,
  },
});

export const runningAs = (action: string, service: string, instanceProfile = false): Requirement => ({
  action,
  target: {
    kind: "service-role",
    service: `${service}.amazonaws.com`,
    ...(instanceProfile ? { instanceProfile } : {}),
  },
});

export const grantTo = (action: string, type: PrincipalType): Requirement => ({
  action,
  target: { kind: "principal", type },
});

export const takeOver = (action: string, type: PrincipalType): Requirement => ({
  action,
  target: { kind: "privileged", type },
});

/** A group taken over by a user the path then acts as through its new access key or console password. */
export const takeOverVia = (action: string, type: PrincipalType, via: "key" | "console"): Requirement => ({
  action,
  target: { kind: "privileged", type, via },
});

export const ownPolicy = (action: string): Requirement => ({ action, target: { kind: "own-policy" } });

export const assumablePolicy = (action: string): Requirement => ({
  action,
  target: { kind: "assumable-policy" },
});

export const attachedPolicy = (action: string): Requirement => ({
  action,
  target: { kind: "attached-policy" },
});

export const ownBoundary = (action: string, type: "user" | "role"): Requirement => ({
  action,
  target: { kind: "own-boundary", type },
});

export const unbound = (action: string, type: "user" | "role"): Requirement => ({
  action,
  target: { kind: "unbound", type },
});

export const ownTags = (action: string, type: "user" | "role"): Requirement => ({
  action,
  target: { kind: "own-tags", type },
});

export const samlProvider = (action: string): Requirement => ({ action, target: { kind: "saml-provider" } });

export const oidcProvider = (action: string): Requirement => ({ action, target: { kind: "oidc-provider" } });

export const identityPool = (action: string): Requirement => ({ action, target: { kind: "identity-pool" } });
