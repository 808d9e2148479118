import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate, PrincipalUsage } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import { type Finding, findingId } from "../findings/types.js";
import { observedFromUsage } from "../generate/observed.js";
import { recommend } from "../generate/recommend.js";
import type { GenerateOptions, Recommendation } from "../generate/types.js";
import type { Snapshot } from "../snapshot/model.js";
import type { ProgressListener } from "./progress.js";
import { riskClassifier } from "./risk-classes.js";

export interface RecommendationInput {
  account: AccountPermissions;
  aggregate: ActivityAggregate;
  observable: ActionSet;
  window: { start: string; end: string };
  options: Partial<GenerateOptions>;
  onProgress: ProgressListener;
}

/**
 * A minimized, proven policy set for every user and role seen in the window. A set that fails a
 * proof is not recommended: it becomes a `recommendation-unproven` finding with the reasons.
 */
export function recommendAll(input: RecommendationInput): {
  recommendations: Recommendation[];
  findings: Finding[];
} {
  const { account, aggregate } = input;
  const classify = riskClassifier();
  const recommendations: Recommendation[] = [];
  const findings: Finding[] = [];
  const active = aggregate.principals.filter(
    (p) => p.principal.kind === "user" || p.principal.kind === "role",
  );
  active.forEach((usage, i) => {
    const access = account.of(usage.principal.id);
    if (!access || access.type === "group") return;
    input.onProgress({
      phase: "recommendations",
      message: access.principal.name,
      done: i,
      total: active.length,
    });
    const result = recommend(
      {
        catalog: account.catalog,
        principalArn: access.principal.arn,
        principalName: access.principal.name,
        principalType: access.type,
        current: access.permissions,
        observed: observedFromUsage(usage.actions),
        observable: input.observable,
        lastAccessedActions: lastAccessedActions(account.snapshot, usage, input.window.start),
        classify,
      },
      input.options,
    );
    if ("recommendation" in result) {
      recommendations.push(result.recommendation);
      return;
    }
    const { failure } = result;
    findings.push({
      id: findingId("recommendation-unproven", failure.principalArn),
      kind: "recommendation-unproven",
      severity: "info",
      principalArn: failure.principalArn,
      title: `No least-privilege policy is recommended for ${access.principal.name}`,
      detail: `${failure.reason}. Whittle only recommends a policy it can prove never grants more than today and still allows every observed call.`,
      evidence: {
        checks: failure.checks,
        violations: failure.violations.slice(0, 20),
        violationCount: failure.violations.length,
      },
      remediation:
        "Review the principal's observed activity and current policies by hand; the violations name what could not be proven.",
    });
  });
  return { recommendations, findings };
}

/** `svc:Action` keys that IAM's action-level last-accessed data shows in use inside the window. */
function lastAccessedActions(snapshot: Snapshot, usage: PrincipalUsage, since: string): Set<string> {
  const out = new Set<string>();
  for (const service of snapshot.lastAccessed[usage.principal.id]?.services ?? []) {
    for (const action of service.actions ?? []) {
      if (action.lastAccessed && Date.parse(action.lastAccessed) >= Date.parse(since))
        out.add(`${service.namespace}:${action.action}`);
    }
  }
  return out;
}
