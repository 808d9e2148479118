import type { Principal } from "./attribution.js";
import type { GrantChange } from "./grant-changes.js";
import type { SourceWarning } from "./types.js";

/**
 * One distinct authorization allowed calls needed: the resource (absent when none could be named)
 * and the request context CloudTrail recorded. The coverage proof replays each one.
 */
export interface SeenAuthorization {
  resource?: string;
  region?: string;
  sourceIp?: string;
  vpcEndpoint?: string;
  count: number;
}

/** What one principal did with one IAM action in the window: the aggregate's unit. */
export interface ActionUsage {
  action: string;
  /** Calls that AWS allowed (any outcome but a refusal: knowledge/refused-calls.ts). */
  count: number;
  /** Calls AWS refused once it knew the caller (access denied, an expired token; knowledge/refused-calls.ts): tried, not used. */
  denied: number;
  firstSeen?: string;
  lastSeen?: string;
  lastDenied?: string;
  regions: string[];
  /**
   * Resources of allowed calls, at most `maxResources`: ARNs, or `prefix/*` patterns that cover
   * every ARN folded into them once the bound was reached.
   */
  resources: string[];
  /** Allowed calls whose resource was not kept because the bound was reached. */
  resourceOverflow: number;
  /** Allowed calls for which no resource could be named (or the action takes only `*`). */
  unscoped: number;
  /** Derived from other calls' parameters (iam:PassRole), never seen as an event of its own. */
  inferred?: boolean;
  /** Of a direct action's resources, those only derived calls named; absent when none. */
  inferredResources?: string[];
  /** Only ever possibly needed: no call certainly needed it (what a launch template may hold). */
  possible?: boolean;
  /**
   * Resources of refused calls, at most `maxResources`; absent when none was named. The generator
   * keeps the action on those today's policies grant (generate/scope.ts).
   */
  refusedResources?: string[];
  /** Refused calls whose resource could not be named, or was not kept because the bound was reached. */
  refusedUnscoped?: number;
  /**
   * Of the resources, the KMS keys allowed calls named by an alias, which may point to another key
   * next time (alias-named-key.ts), at most `maxResources`, then `*` for those left out; absent when none.
   */
  aliasedResources?: string[];
  /** Distinct authorizations of allowed calls, at most `maxAuthorizations`. */
  authorizations: SeenAuthorization[];
  /** Allowed calls whose authorization was not kept because the bound was reached. */
  authorizationOverflow: number;
}

export interface AccessKeyUsage {
  accessKeyId: string;
  count: number;
  lastSeen: string;
}

export interface PrincipalUsage {
  principal: Principal;
  events: number;
  firstSeen: string;
  lastSeen: string;
  /**
   * The last console sign-in AWS accepted: for an IAM user, its password in use. Absent when the
   * window shows none.
   */
  consoleSignIn?: string;
  accessKeys: AccessKeyUsage[];
  actions: ActionUsage[];
  /**
   * Allowed calls that map to no catalog action (an API newer than the catalog, an event named
   * apart from its action): no policy can be generated that is shown to keep them. Absent when none.
   */
  unmappedCalls?: EventCount[];
}

export interface EventCount {
  eventSource: string;
  eventName: string;
  count: number;
}

export interface UnmappedEvents extends EventCount {
  reason: "unknown-service" | "unknown-action";
}

export interface IgnoredEvents extends EventCount {
  /** `unauthenticated`: refused before the signer was proven (knowledge/refused-calls.ts). */
  class: "no-permission" | "non-api" | "unauthenticated";
}

/** The result of aggregation: plain, sorted data, identical for identical input. */
export interface ActivityAggregate {
  /** Records and summary rows read, whatever became of them. */
  events: number;
  /** Identities of the audited account: users, roles, root, federated users. */
  principals: PrincipalUsage[];
  /** AWS services, other accounts, web-identity/SAML callers and unattributable identities. */
  external: PrincipalUsage[];
  unmapped: UnmappedEvents[];
  ignored: IgnoredEvents[];
  /** Changes the trail shows granting permissions inside the window, in a canonical order. */
  grants: GrantChange[];
  outsideWindow: number;
  warnings: SourceWarning[];
  /** Warnings beyond the ones kept in `warnings`. */
  warningsDropped: number;
  /**
   * Managed policies STS requests named as session policies (`PolicyArns`), by ARN: a new version
   * of one narrows sessions whose calls are their role's, not the policy's holders'.
   */
  sessionPolicies: SessionPolicyUse[];
}

export interface SessionPolicyUse {
  policyArn: string;
  /** AssumeRole* and GetFederationToken requests naming it, whatever their outcome. */
  requests: number;
}
