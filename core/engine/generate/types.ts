import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";

/** What one principal was seen doing with one action (the activity aggregate's unit). */
export interface ObservedAction {
  action: string;
  /** Calls IAM allowed. */
  count: number;
  /** Calls AWS refused: an action the principal only ever tried is kept where it is granted today. */
  refused?: number;
  /** Resources of refused calls (bounded): kept where today's policies grant the action on them. */
  refusedResources?: string[];
  /** Refused calls whose resource could not be named or kept: the action keeps its current scope. */
  refusedUnscoped?: number;
  /** Resources of those calls (bounded). */
  resources: string[];
  /** Calls whose resource was not kept (bound reached) or could not be named. */
  unscopedCalls: number;
  /** True when the action was not seen in CloudTrail but derived (e.g. iam:PassRole from lambda:CreateFunction). */
  inferred?: boolean;
  /** Of an action also seen as an event of its own, the resources only derived calls named. */
  inferredResources?: string[];
  /** Only ever possibly needed (ActionUsage.possible): not granted today, it is not reported as needed. */
  possible?: boolean;
  lastSeen?: string;
  /** Each distinct authorization allowed calls needed, with its request context: replayed by coversObserved. */
  authorizations?: ObservedAuthorization[];
}

export interface ObservedAuthorization {
  /** The resource ARN; absent when the call's resource could not be named. */
  resource?: string;
  region?: string;
  sourceIp?: string;
  vpcEndpoint?: string;
}

/** `review` is the older name of `drop`. */
export type UnobservablePolicy = "keep" | "keep-if-accessed" | "drop" | "review";

/**
 * IAM last-accessed data about one action: `used` or `unused` in the window (action-level, or a
 * whole service unused), `accessed-service` when only its service is known to be used, `unknown`
 * without data.
 */
export interface LastAccessEvidence {
  verdict(actionKey: string): "used" | "unused" | "accessed-service" | "unknown";
}

export interface GenerateOptions {
  /** Above this many distinct resources for one action, resources are generalized along ARN structure. */
  maxResourcesPerAction: number;
  /** Opt in to action wildcards, and only to wildcards whose whole expansion is kept. */
  compress: boolean;
  /**
   * What to do with currently granted actions CloudTrail cannot show (data events the trail does
   * not log, actions never logged): keep them all, scoped as today (default: the evidence cannot
   * show them unused); keep all but those IAM's last-accessed data shows unused in the window; or
   * drop them all (opt-in). Every one is listed for review either way.
   */
  unobservable: UnobservablePolicy;
  /** IAM's quota for a customer managed policy, characters excluding whitespace. */
  maxPolicySize: number;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = {
  maxResourcesPerAction: 10,
  compress: false,
  unobservable: "keep",
  maxPolicySize: 6144,
};

export interface GenerateInput {
  catalog: Catalog;
  principalArn: string;
  principalName: string;
  principalType: "user" | "role" | "group";
  /** The principal's current policies (identity, boundary, SCPs) compiled. */
  current: PrincipalPermissions;
  observed: ObservedAction[];
  /**
   * The actions CloudTrail, as configured, can show (management events, logged data events). The
   * caller recommends only from activity that covers the window: an observable action not seen
   * is then unused.
   */
  observable: ActionSet;
  /** The generated policies' base name, unique in the run (`uniquePolicyBases`). */
  policyBase?: string;
  /** For an IAM Identity Center role: its permission set, where the policy is applied instead. */
  permissionSet?: string;
  /**
   * Policies that keep applying once the recommendation replaces the principal's own (a user's
   * groups' policies): removal counts are what applying it removes while they stay.
   */
  retained?: readonly PolicyInput[];
  /** IAM's last-accessed data for the principal; without it nothing is known to be unused. */
  lastAccess?: LastAccessEvidence;
  /**
   * Policies the trail shows granted inside the window (its source, and the change): held for part
   * of the window only, so what they grant is kept where it was not seen, as granted today.
   */
  recentlyGranted?: readonly { source: string; change: string }[];
  /** Names risky classes of actions for the "removes N privilege-escalation actions" summary. */
  classify?: (actionKey: string) => string[];
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: GeneratedStatement[];
}

export interface GeneratedStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  /**
   * Exactly one of Action / NotAction. NotAction only on a carried-over Deny that guards what a
   * user's groups allow: written as it is, so it still denies what the catalog does not list.
   */
  Action?: string[];
  NotAction?: string[];
  /**
   * Exactly one of Resource / NotResource. NotResource on carried-over Deny statements, and on an
   * Allow that keeps a current NotResource grant as written.
   */
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface Recommendation {
  principalArn: string;
  /** An IAM Identity Center role's permission set: the policy is its inline policy, not a role attachment. */
  permissionSet?: { name: string };
  policies: { name: string; document: PolicyDocument }[];
  observedActions: string[];
  /** Current grants the new policies drop; `svc:*` stands for every action of a fully removed service. */
  removedActions: string[];
  removedCount: number;
  /** Removed actions the evidence shows unused: observable and not seen, or unused per last-accessed data. */
  removedVerified: number;
  /** Removed actions no evidence could show in use (unobservable ones dropped on request). */
  removedUnverified: number;
  /** Risky removed actions by class, e.g. `{ "privilege-escalation": ["iam:PassRole"] }`. */
  removedRisks: Record<string, string[]>;
  /** Granted actions CloudTrail cannot show; `kept` says which stayed in the policy. */
  unobservableActions: string[];
  unobservableKept: string[];
  /** Dependent actions added without being seen (e.g. iam:PassRole), only when currently allowed. */
  inferredActions: string[];
  /** Observed calls the current policies no longer allow: never added, listed for review. */
  notAllowed: { action: string; resource: string }[];
  checks: { withinCurrent: boolean; coversObserved: boolean };
  summary: string;
  terraform: string;
  cloudformation: string;
}

export interface GenerationFailure {
  principalArn: string;
  reason: string;
  checks: { withinCurrent: boolean; coversObserved: boolean };
  violations: string[];
}
