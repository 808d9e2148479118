import type { Report } from "../schema.js";

/**
 * A principal's change plan usually creates exactly the documents its recommendation proposes.
 * The page then shows them once, in the recommendation (with Copy buttons), and the plan's IaC once,
 * in the plan (it applies the whole change: creates, attaches, detaches and deletes); each links to
 * the other. Rendered twice, they were half of a large account's page. A plan whose documents
 * differ in any way keeps its own, as does a recommendation without a plan.
 */
export interface SharedDocuments {
  /** Plan index by recommendation index. */
  planOf: Map<number, number>;
  /** Recommendation index by plan index. */
  recommendationOf: Map<number, number>;
}

export function sharedDocuments(report: Report): SharedDocuments {
  const recByArn = new Map(report.recommendations.map((r, i) => [r.principalArn, i]));
  const planOf = new Map<number, number>();
  const recommendationOf = new Map<number, number>();
  report.plans.forEach((plan, p) => {
    if (plan.target.type !== "user" && plan.target.type !== "role") return;
    const r = recByArn.get(plan.target.arn);
    if (r === undefined || planOf.has(r)) return;
    const rec = report.recommendations[r]!;
    // A principal's plan is built on its recommendation's very list: the same list is the same
    // text, and comparing the text of every document cost a large account's page a fifth of a second.
    const same =
      plan.create === rec.policies ||
      JSON.stringify(plan.create.map((c) => [c.name, c.document])) ===
        JSON.stringify(rec.policies.map((c) => [c.name, c.document]));
    if (!same) return;
    planOf.set(r, p);
    recommendationOf.set(p, r);
  });
  return { planOf, recommendationOf };
}

/** Ids of a recommendation and of one of its documents: positional, never from account text. */
export const recommendationAnchor = (rec: number): string => `recommendation-${rec}`;
export const documentAnchor = (rec: number, policy: number): string =>
  `recommendation-${rec}-policy-${policy}`;
