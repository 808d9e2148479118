import { lateEvidence } from "../activity/evidence-span.js";
import { recentGrants } from "../activity/recent-grants.js";
import type { UnprovenRecommendation } from "../findings/recommendation-unproven.js";
import { observedFromUsage } from "../generate/observed.js";
import type { Recommendation } from "../generate/types.js";
import { planAll } from "../plans/index.js";
import type { PlannedRecommendation } from "../plans/principal.js";
import type { PlanProof } from "../plans/prove.js";
import type { Plan } from "../report/schema.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { lastAccessEvidence } from "./last-accessed.js";
import type { MinimizeInput } from "./recommendations.js";
import { riskClassifier } from "./risk-classes.js";

export interface PlanInput extends MinimizeInput {
  recommendations: readonly Recommendation[];
  /** Proofs of principals' plans made with their recommendations (recommendAll). */
  planProofs?: ReadonlyMap<Recommendation, PlanProof>;
}

/** The changes to apply, from the recommendations and every principal's observed use. */
export function planChanges(input: PlanInput): { plans: Plan[]; unproven: UnprovenRecommendation[] } {
  // Group and shared-policy plans minimize from the same evidence: with a gap, none is safe.
  if (input.gap) return { plans: [], unproven: [] };
  const usage = new Map(input.aggregate.principals.map((p) => [p.principal.id, p]));
  // Keyed without case: a policy named in another case is the same policy to IAM's unique names.
  const sessions = new Map<string, number>();
  for (const { policyArn, requests } of input.aggregate.sessionPolicies) {
    const key = policyArn.toLowerCase();
    sessions.set(key, (sessions.get(key) ?? 0) + requests);
  }
  const { plans, failures } = planAll(
    {
      account: input.account,
      observedOf: (arn) => observedFromUsage(usage.get(arn)?.actions ?? []),
      unmappedOf: (arn) => usage.get(arn)?.unmappedCalls ?? [],
      lastAccessedOf: (arn) =>
        lastAccessEvidence(
          input.account.snapshot,
          arn,
          input.window,
          observedFromUsage(usage.get(arn)?.actions ?? []),
        ),
      lateEvidenceOf: (arn) => {
        const found = principalByArn(input.account.snapshot, arn);
        if (!found || found.type === "group") return undefined;
        return lateEvidence(found.principal, usage.get(arn)?.firstSeen, input.window.start);
      },
      sessionPolicyRequests: (arn) => sessions.get(arn.toLowerCase()) ?? 0,
      recentGrantsOf: recentGrants(
        input.account.snapshot,
        input.aggregate.grants,
        input.undatedGrants,
        input.window.start,
      ),
      undatedGrants: input.undatedGrants,
      observable: input.observable,
      options: input.options,
      classify: riskClassifier(input.account.catalog),
    },
    input.recommendations.map((r): PlannedRecommendation => {
      const planProof = input.planProofs?.get(r);
      return planProof ? { ...r, planProof } : r;
    }),
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
