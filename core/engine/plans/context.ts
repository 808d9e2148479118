import { createHash } from "node:crypto";
import type { AccountPermissions } from "../account/permissions.js";
import type { LateEvidence } from "../activity/evidence-span.js";
import type { RecentGrant } from "../activity/recent-grants.js";
import type { EventCount } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import {
  DEFAULT_GENERATE_OPTIONS,
  type GenerateOptions,
  type LastAccessEvidence,
  type ObservedAction,
} from "../generate/types.js";
import type { Plan } from "../report/schema.js";
import { policiesOf } from "../snapshot/policies-of.js";

/** What every plan builder reads: the account, each principal's observed use, the trail's reach. */
export interface PlanContext {
  account: AccountPermissions;
  observedOf(principalArn: string): ObservedAction[];
  /** A principal's allowed calls that map to no catalog action: no change can be shown to keep them. */
  unmappedOf(principalArn: string): readonly EventCount[];
  /** What IAM's last-accessed data says about a principal's actions inside the window. */
  lastAccessedOf(principalArn: string): LastAccessEvidence;
  /** A user or role whose evidence begins too late in the window to minimize from its use. */
  lateEvidenceOf(principalArn: string): LateEvidence | undefined;
  /** STS requests in the window naming a managed policy as a session policy (`PolicyArns`). */
  sessionPolicyRequests(policyArn: string): number;
  /** The policies a principal holds that the trail shows granted inside the window. */
  recentGrantsOf(principalArn: string): readonly RecentGrant[];
  /** Why the trail read cannot show when policies were granted (activity/grant-dates.ts); empty when it can. */
  undatedGrants: string;
  observable: ActionSet;
  options: Partial<GenerateOptions>;
  classify: (actionKey: string) => string[];
}

export interface PlanFailure {
  targetArn: string;
  name: string;
  reason: string;
  violations: string[];
}

/** No plan when there is nothing to replace; a failure when one is needed but cannot be proven. */
export type PlanResult = { plan: Plan } | { failure: PlanFailure } | undefined;

export function maxResources(ctx: Pick<PlanContext, "options">): number {
  return ctx.options.maxResourcesPerAction ?? DEFAULT_GENERATE_OPTIONS.maxResourcesPerAction;
}

export function planId(targetArn: string): string {
  return `plan-${createHash("sha256").update(targetArn).digest("hex").slice(0, 12)}`;
}

/**
 * The policies among `mine` the trail shows granted inside the window to any of `principals`:
 * their members' silence about what those policies allow is no evidence it is unused.
 */
export function recentlyGrantedOf(
  ctx: PlanContext,
  principals: readonly { arn: string }[],
  mine: (source: string) => boolean,
): RecentGrant[] {
  const seen = new Set<string>();
  return principals
    .flatMap((p) => ctx.recentGrantsOf(p.arn))
    .filter(
      (g) => mine(g.source) && !seen.has(`${g.source} ${g.change}`) && seen.add(`${g.source} ${g.change}`),
    );
}

/**
 * The failure of a plan minimized from members' silence when no grant can be dated: as for a
 * principal's recommendation, what a policy attached last week allows may be needed by a job that
 * has not run yet, and keeping every grant would change nothing.
 */
export function undatedFailure(ctx: PlanContext, targetArn: string, name: string): PlanResult {
  if (!ctx.undatedGrants) return undefined;
  return {
    failure: {
      targetArn,
      name,
      reason: `${ctx.undatedGrants}: no action its holders did not use can be called unused`,
      violations: [],
    },
  };
}

/** Policies a principal can no longer read in full: replacing them could drop a Deny no one saw. */
export function unreadable(ctx: PlanContext, arns: readonly string[]): string[] {
  return arns.flatMap((arn) => {
    const access = ctx.account.of(arn);
    if (!access) return [`${arn} is not in the snapshot`];
    return [...access.missing, ...access.defects.map((d) => d.source)];
  });
}

/**
 * The sources a principal loses when `owner` (itself or one of its groups) loses `sources`: a
 * policy it also holds another way (attached directly and through a group) stays.
 */
export function removedFor(
  ctx: Pick<PlanContext, "account">,
  principalArn: string,
  owner: string,
  sources: ReadonlySet<string>,
): Set<string> {
  const applied = policiesOf(ctx.account.snapshot, principalArn)?.identity ?? [];
  const lost = applied.filter((p) => sources.has(p.source) && (p.via ?? principalArn) === owner);
  const kept = new Set(applied.filter((p) => (p.via ?? principalArn) !== owner).map((p) => p.source));
  return new Set(lost.map((p) => p.source).filter((s) => !kept.has(s)));
}
