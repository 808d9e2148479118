import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/**
 * A principal whose minimized policy set, or a change plan (per principal, group or shared
 * policy) whose changes, could not be proven, and why.
 */
export interface UnprovenRecommendation {
  of: "recommendation" | "plan";
  /** The principal, or the policy a plan changes. */
  targetArn: string;
  name: string;
  reason: string;
  violations: readonly string[];
  checks?: { withinCurrent: boolean; coversObserved: boolean };
}

/**
 * A policy set that fails a proof is not recommended: it becomes a finding with the reasons, so a
 * reader knows the principal was looked at and why nothing is offered.
 */
export const recommendationUnproven: AccountDetector = {
  kind: "recommendation-unproven",
  scope: "account",
  needs: ["unproven"],
  detect(ctx) {
    return (ctx.unproven ?? []).map((u) =>
      buildFinding("recommendation-unproven", u.of === "plan" ? [u.targetArn, "plan"] : [u.targetArn], {
        ...(u.targetArn.includes(":policy/") ? { policyArn: u.targetArn } : { principalArn: u.targetArn }),
        ...(u.of === "plan"
          ? {
              title: `No change plan is offered for ${u.name}`,
              detail: `${u.reason}. Whittle only offers a change it can prove for every principal it touches.`,
            }
          : {
              title: `No least-privilege policy is recommended for ${u.name}`,
              detail: `${u.reason}. Whittle only recommends a policy it can prove never grants more than today and still allows every observed call.`,
            }),
        evidence: {
          ...(u.checks ? { checks: u.checks } : {}),
          violations: u.violations.slice(0, 20),
          violationCount: u.violations.length,
        },
      }),
    );
  },
};
