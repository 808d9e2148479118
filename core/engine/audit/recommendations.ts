import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate, PrincipalUsage } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { UnprovenRecommendation } from "../findings/recommendation-unproven.js";
import { observedFromUsage } from "../generate/observed.js";
import { recommend } from "../generate/recommend.js";
import type { GenerateOptions, Recommendation } from "../generate/types.js";
import type { Snapshot } from "../snapshot/model.js";
import { policiesOf } from "../snapshot/policies-of.js";
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
 * proof is not recommended: it is returned as unproven, with the reasons.
 */
export function recommendAll(input: RecommendationInput): {
  recommendations: Recommendation[];
  unproven: UnprovenRecommendation[];
} {
  const { account, aggregate } = input;
  const classify = riskClassifier();
  const recommendations: Recommendation[] = [];
  const unproven: UnprovenRecommendation[] = [];
  const active = aggregate.principals.filter(
    (p) => p.principal.kind === "user" || p.principal.kind === "role",
  );
  active.forEach((usage, i) => {
    const access = account.of(usage.principal.id);
    // A service-linked role's policies are managed by AWS: there is nothing to replace.
    if (
      !access ||
      access.type === "group" ||
      ("serviceLinked" in access.principal && access.principal.serviceLinked)
    )
      return;
    const { arn, name } = access.principal;
    input.onProgress({ phase: "recommendations", message: name, done: i, total: active.length });
    const unreadable = [...access.missing, ...access.defects.map((d) => d.source)];
    if (unreadable.length > 0) {
      // A policy that cannot be read may hold a Deny: replacing it could remove that protection.
      unproven.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: "some of its current policies could not be read",
        violations: unreadable,
      });
      return;
    }
    const result = recommend(
      {
        catalog: account.catalog,
        principalArn: arn,
        principalName: name,
        principalType: access.type,
        current: access.permissions,
        observed: observedFromUsage(usage.actions),
        observable: input.observable,
        lastAccessedActions: lastAccessedActions(account.snapshot, usage, input.window.start),
        classify,
      },
      input.options,
    );
    if ("recommendation" in result) recommendations.push(withGroupNote(account, arn, result.recommendation));
    else
      unproven.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: result.failure.reason,
        violations: result.failure.violations,
        checks: result.failure.checks,
      });
  });
  return { recommendations, unproven };
}

/**
 * The policies replace a user's own policies only: its groups' policies keep applying until the
 * user leaves them or they are trimmed too, so the summary says so rather than overstate.
 */
function withGroupNote(
  account: AccountPermissions,
  arn: string,
  recommendation: Recommendation,
): Recommendation {
  const via = new Set(
    (policiesOf(account.snapshot, arn)?.identity ?? []).flatMap((p) => (p.via ? [p.via] : [])),
  );
  if (via.size === 0) return recommendation;
  const groups = [...via].map((g) => g.split("/").pop()).join(", ");
  return {
    ...recommendation,
    summary: `${recommendation.summary}; the policies of group${via.size === 1 ? "" : "s"} ${groups} still apply`,
  };
}

/** `svc:Action` keys that IAM's action-level last-accessed data shows in use inside the window. */
export function lastAccessedActions(snapshot: Snapshot, usage: PrincipalUsage, since: string): Set<string> {
  const out = new Set<string>();
  for (const service of snapshot.lastAccessed[usage.principal.id]?.services ?? []) {
    for (const action of service.actions ?? []) {
      if (action.lastAccessed && Date.parse(action.lastAccessed) >= Date.parse(since))
        out.add(`${service.namespace}:${action.action}`);
    }
  }
  return out;
}
