import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { UnprovenRecommendation } from "../findings/recommendation-unproven.js";
import { observedFromUsage } from "../generate/observed.js";
import type { GenerateOptions, Recommendation } from "../generate/types.js";
import { planAll } from "../plans/index.js";
import type { Plan } from "../report/schema.js";
import { lastAccessEvidence } from "./last-accessed.js";
import { riskClassifier } from "./risk-classes.js";

export interface PlanInput {
  account: AccountPermissions;
  aggregate: ActivityAggregate;
  observable: ActionSet;
  /** Why the activity read misses part of the window; empty when it covers it. */
  gap: string;
  window: { start: string; end: string };
  options: Partial<GenerateOptions>;
  recommendations: readonly Recommendation[];
}

/** The changes to apply, from the recommendations and every principal's observed use. */
export function planChanges(input: PlanInput): { plans: Plan[]; unproven: UnprovenRecommendation[] } {
  // Group and shared-policy plans minimize from the same evidence: with a gap, none is safe.
  if (input.gap) return { plans: [], unproven: [] };
  const usage = new Map(input.aggregate.principals.map((p) => [p.principal.id, p]));
  const { plans, failures } = planAll(
    {
      account: input.account,
      observedOf: (arn) => observedFromUsage(usage.get(arn)?.actions ?? []),
      lastAccessedOf: (arn) => lastAccessEvidence(input.account.snapshot, arn, input.window.start),
      observable: input.observable,
      options: input.options,
      classify: riskClassifier(),
    },
    input.recommendations,
  );
  const unproven = failures.map(
    (f): UnprovenRecommendation => ({
      of: "plan",
      targetArn: f.targetArn,
      name: f.name,
      reason: f.reason,
      violations: f.violations,
    }),
  );
  return { plans, unproven };
}
