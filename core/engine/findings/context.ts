import type { AccountPermissions, PrincipalAccess } from "../account/permissions.js";
import type { RecentGrant } from "../activity/recent-grants.js";
import type { ActivityWindow } from "../activity/types.js";
import type { ActivityAggregate, PrincipalUsage } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { UnobservablePolicy } from "../generate/types.js";
import type { Snapshot } from "../snapshot/model.js";
import type { IdentityConfig } from "./identity-context.js";
import type { UnprovenRecommendation } from "./recommendation-unproven.js";
import type { Finding, FindingKind } from "./types.js";

/** What CloudTrail showed in the window, when some activity source was read. */
export interface ActivityEvidence {
  /** Actions whose use CloudTrail records (see activity/observability.ts). */
  observable: ActionSet;
  /** A principal's aggregated activity, if it did anything in the window. */
  usageOf(principalArn: string): PrincipalUsage | undefined;
  /** The last time a principal was seen in the window. */
  lastSeen(principalArn: string): Date | undefined;
  /** Whether the sources read the whole window: if not, not being seen proves nothing. */
  covers: boolean;
  /** Policies a principal holds that the trail shows granted inside the window; none when absent. */
  recentGrantsOf?(principalArn: string): readonly RecentGrant[];
  /**
   * Whether the trail read records STS's read-only events in every region: roles being assumed
   * (AssumeRole is one), the use of a role whose own calls it may not record; absent: it does.
   */
  assumptionsRecorded?: boolean;
  /**
   * Actions that can be used without any record in the trail read (activity/observability.ts
   * traced); absent: none beyond those it does not observe.
   */
  untraced?: ActionSet;
  /**
   * Whether the trail read records console sign-ins (signin's write events, logged in the region
   * of the sign-in endpoint used) in every region: a password's only use; absent: it does.
   */
  signInsRecorded?: boolean;
}

/** Indexes the aggregate by principal once for every detector. */
export function activityEvidence(
  aggregate: ActivityAggregate,
  observable: ActionSet,
  covers: boolean,
  recentGrantsOf?: (principalArn: string) => readonly RecentGrant[],
  assumptionsRecorded = true,
  untraced?: ActionSet,
  signInsRecorded = true,
): ActivityEvidence {
  const byArn = new Map(aggregate.principals.map((p) => [p.principal.id, p]));
  return {
    observable,
    covers,
    assumptionsRecorded,
    signInsRecorded,
    ...(untraced ? { untraced } : {}),
    ...(recentGrantsOf ? { recentGrantsOf } : {}),
    usageOf: (arn) => byArn.get(arn),
    lastSeen: (arn) => {
      const usage = byArn.get(arn);
      return usage ? new Date(usage.lastSeen) : undefined;
    },
  };
}

/** Everything a detector may read: one context for every detector of the run. */
export interface FindingContext {
  catalog: Catalog;
  snapshot: Snapshot;
  /** Every principal's compiled policies. */
  account: AccountPermissions;
  now: Date;
  window: ActivityWindow;
  config: IdentityConfig;
  /**
   * What the run's recommendations do with granted actions no trail can show (generate/types.ts):
   * what they keep is not called unused. Absent: `keep`, their default.
   */
  unobservable?: UnobservablePolicy;
  /** Absent when no activity source was read: silence then proves nothing. */
  activity?: ActivityEvidence;
  /** Policy sets the generator could not prove, once recommendations ran. */
  unproven?: readonly UnprovenRecommendation[];
}

/** Inputs a detector cannot run without; the runner skips it when one is missing. */
export type Need = "activity" | "unproven";

interface DetectorBase {
  kind: FindingKind;
  needs: readonly Need[];
}

/** A detector over the whole account (credential report, password policy, policy documents). */
export interface AccountDetector extends DetectorBase {
  scope: "account";
  detect(ctx: FindingContext): Finding[];
}

/**
 * A detector over one principal at a time, so that a detector failing on one principal's odd
 * policy costs that principal's findings, never the run.
 */
export interface PrincipalDetector extends DetectorBase {
  scope: "principal";
  detect(ctx: FindingContext, subject: PrincipalAccess): Finding[];
}

export type Detector = AccountDetector | PrincipalDetector;
