import { uniquePolicyBases } from "../generate/policy-names.js";
import type { Plan } from "../report/schema.js";
import type { PlanContext, PlanFailure, PlanResult } from "./context.js";
import { planForGroup } from "./group.js";
import { planForPolicy } from "./policy.js";
import { type PlannedRecommendation, planForPrincipal } from "./principal.js";

export type { PlanContext, PlanFailure } from "./context.js";

/**
 * Every change a team can apply: one per user or role with a recommendation, per group with
 * members, and per customer managed policy shared by several principals; riskiest first.
 */
export function planAll(
  ctx: PlanContext,
  recommendations: readonly PlannedRecommendation[],
): { plans: Plan[]; failures: PlanFailure[] } {
  const { snapshot } = ctx.account;
  // Group names are unique, but a split set's `-N` can still meet another group's name.
  const groupBases = uniquePolicyBases(
    snapshot.groups.map((g) => ({ arn: g.arn, type: "group" as const, path: "/", name: g.name })),
  );
  const results: PlanResult[] = [
    ...recommendations.map((r) => planForPrincipal(ctx, r)),
    ...snapshot.groups.map((g) => planForGroup(ctx, g, groupBases.get(g.arn))),
    ...Object.values(snapshot.managedPolicies).map((p) => planForPolicy(ctx, p)),
  ];
  const plans: Plan[] = [];
  const failures: PlanFailure[] = [];
  for (const r of results) {
    if (r && "plan" in r) plans.push(r.plan);
    else if (r) failures.push(r.failure);
  }
  plans.sort(
    (a, b) => b.riskRemoved - a.riskRemoved || b.removedCount - a.removedCount || a.id.localeCompare(b.id),
  );
  return { plans, failures };
}
