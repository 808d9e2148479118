import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate, PrincipalUsage } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import { type Finding, findingId } from "../findings/types.js";
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
      findings.push(unproven(arn, name, "some of its current policies could not be read", unreadable));
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
      findings.push(
        unproven(arn, name, result.failure.reason, result.failure.violations, result.failure.checks),
      );
  });
  return { recommendations, findings };
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

function unproven(
  principalArn: string,
  name: string,
  reason: string,
  violations: readonly string[],
  checks?: { withinCurrent: boolean; coversObserved: boolean },
): Finding {
  return {
    id: findingId("recommendation-unproven", principalArn),
    kind: "recommendation-unproven",
    severity: "info",
    principalArn,
    title: `No least-privilege policy is recommended for ${name}`,
    detail: `${reason}. Whittle only recommends a policy it can prove never grants more than today and still allows every observed call.`,
    evidence: {
      ...(checks ? { checks } : {}),
      violations: violations.slice(0, 20),
      violationCount: violations.length,
    },
    remediation:
      "Review the principal's observed activity and current policies by hand; the evidence names what could not be proven.",
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
