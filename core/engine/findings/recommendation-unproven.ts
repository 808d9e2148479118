import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/** A principal whose minimized policy set could not be proven, and why (from the generator). */
export interface UnprovenRecommendation {
  principalArn: string;
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
      buildFinding("recommendation-unproven", [u.principalArn], {
        principalArn: u.principalArn,
        title: `No least-privilege policy is recommended for ${u.name}`,
        detail: `${u.reason}. Whittle only recommends a policy it can prove never grants more than today and still allows every observed call.`,
        evidence: {
          ...(u.checks ? { checks: u.checks } : {}),
          violations: u.violations.slice(0, 20),
          violationCount: u.violations.length,
        },
      }),
    );
  },
};
