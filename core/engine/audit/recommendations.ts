import type { AccountPermissions } from "../account/permissions.js";
import { LATE_EVIDENCE_REASON, lateEvidence, lateEvidenceText } from "../activity/evidence-span.js";
import { recentGrants } from "../activity/recent-grants.js";
import { UNMAPPED_CALLS_REASON, unmappedCallNames } from "../activity/unmapped-calls.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { UnprovenRecommendation } from "../findings/recommendation-unproven.js";
import { permissionSetOf } from "../generate/iac-permission-set.js";
import { observedFromUsage } from "../generate/observed.js";
import { type NamedPrincipal, uniquePolicyBases } from "../generate/policy-names.js";
import type { GenerateOptions, Recommendation } from "../generate/types.js";
import { removedByPlan } from "../plans/principal.js";
import type { PlanProof } from "../plans/prove.js";
import { isServiceLinked } from "../snapshot/model.js";
import { policiesOf } from "../snapshot/policies-of.js";
import { lastAccessedSpeaking } from "./last-accessed.js";
import type { ProgressListener } from "./progress.js";
import { inThisThread, type Recommender, type RecommendJob } from "./recommend-job.js";

/** The evidence both recommendations and change plans are minimized from. */
export interface MinimizeInput {
  account: AccountPermissions;
  aggregate: ActivityAggregate;
  observable: ActionSet;
  /** Why the activity read misses part of the window; empty when it covers it. */
  gap: string;
  /** Why the trail read cannot show when policies were granted (activity/grant-dates.ts); empty when it can. */
  undatedGrants: string;
  window: { start: string; end: string };
  options: Partial<GenerateOptions>;
}

export interface RecommendationInput extends MinimizeInput {
  onProgress: ProgressListener;
}

/**
 * A minimized, proven policy set for every user and role seen in the window. A set that fails a
 * proof is not recommended: it is returned as unproven, with the reasons. The recommender decides
 * where each principal's set is computed; the result is the same wherever it is.
 */
export async function recommendAll(
  input: RecommendationInput,
  recommender: Recommender = inThisThread,
): Promise<{
  recommendations: Recommendation[];
  unproven: UnprovenRecommendation[];
  /** The change plans' proofs made beside the recommendations, by recommendation. */
  planProofs: Map<Recommendation, PlanProof>;
}> {
  const { account, aggregate } = input;
  // In the principals' order: an unproven entry decided here, or the index of a job.
  const outcomes: (UnprovenRecommendation | number)[] = [];
  const jobs: RecommendJob[] = [];
  const active = aggregate.principals.filter(
    (p) => p.principal.kind === "user" || p.principal.kind === "role",
  );
  const grantedOf = recentGrants(account.snapshot, aggregate.grants, "", input.window.start);
  // A plan reads each principal's use by its ARN (audit/plans.ts): its proof is made with the
  // recommendation only where that use is this one.
  const seen = new Map<string, number>();
  for (const usage of active) seen.set(usage.principal.id, (seen.get(usage.principal.id) ?? 0) + 1);
  const bases = uniquePolicyBases(active.flatMap((usage) => namedPrincipal(account, usage.principal.id)));
  active.forEach((usage, i) => {
    const access = account.of(usage.principal.id);
    // A service-linked role's policies are managed by AWS: there is nothing to replace.
    if (!access || access.type === "group" || isServiceLinked(access.principal)) return;
    const { arn, name } = access.principal;
    if (input.gap) {
      // An action not seen in a window the evidence does not cover may be used in the part not
      // read, and so may a resource not seen: keeping every unseen action would leave nothing to
      // recommend, and removing any could break the workload. So no policy, and the reason why.
      outcomes.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: `the activity read does not cover the window (${input.gap}), so no action or resource it did not show can be called unused`,
        violations: [],
      });
      return;
    }
    if (input.undatedGrants) {
      // Refused rather than kept whole as possibly recent: a policy that keeps every grant is no
      // recommendation, and the reason says what to log for one. Removing what the window did not
      // show would be the false "unused" of a grant made last week for a job not yet run.
      outcomes.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: `${input.undatedGrants}: no action it did not show can be called unused`,
        violations: [],
      });
      return;
    }
    input.onProgress({ phase: "recommendations", message: name, done: i, total: active.length });
    const unreadable = [...access.missing, ...access.defects.map((d) => d.source)];
    if (unreadable.length > 0) {
      // A policy that cannot be read may hold a Deny: replacing it could remove that protection.
      outcomes.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: "some of its current policies could not be read",
        violations: unreadable,
      });
      return;
    }
    if (usage.unmappedCalls?.length) {
      outcomes.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: UNMAPPED_CALLS_REASON,
        violations: unmappedCallNames(usage.unmappedCalls),
      });
      return;
    }
    // Created inside the window and not seen before: a monthly job's actions are not unused after ten days.
    const late = lateEvidence(access.principal, usage.firstSeen, input.window.start);
    if (late) {
      outcomes.push({
        of: "recommendation",
        targetArn: arn,
        name,
        reason: `its evidence starts at ${lateEvidenceText(late)}, inside the window: ${LATE_EVIDENCE_REASON}`,
        violations: [],
      });
      return;
    }
    const permissionSet = access.type === "role" ? permissionSetOf(access.principal) : undefined;
    const policyBase = bases.get(arn);
    const lastAccessed = lastAccessedSpeaking(account.snapshot, arn, input.window);
    const recentlyGranted = grantedOf(arn);
    const { attachedPolicyArns, inlinePolicies } = access.principal;
    const planned =
      usage.principal.id === arn &&
      seen.get(arn) === 1 &&
      (attachedPolicyArns.length > 0 || inlinePolicies.length > 0);
    outcomes.push(jobs.length);
    jobs.push({
      principalArn: arn,
      principalName: name,
      principalType: access.type,
      ...(policyBase !== undefined ? { policyBase } : {}),
      ...(permissionSet ? { permissionSet } : {}),
      policies: access.permissions.policies,
      retained: groupPolicySources(account, arn),
      observed: observedFromUsage(usage.actions),
      ...(lastAccessed ? { lastAccessed } : {}),
      ...(recentlyGranted.length > 0 ? { recentlyGranted } : {}),
      since: input.window.start,
      current: access.permissions,
      ...(planned ? { planRemoved: [...removedByPlan({ account }, access.principal)] } : {}),
    });
  });
  const results = jobs.length
    ? await recommender(jobs, {
        catalog: account.catalog,
        observable: input.observable,
        options: input.options,
      })
    : [];
  const recommendations: Recommendation[] = [];
  const unproven: UnprovenRecommendation[] = [];
  const planProofs = new Map<Recommendation, PlanProof>();
  for (const outcome of outcomes) {
    if (typeof outcome !== "number") {
      unproven.push(outcome);
      continue;
    }
    const job = jobs[outcome]!;
    const result = results[outcome];
    if (!result) throw new Error(`no recommendation result for ${job.principalArn}`);
    if ("recommendation" in result) {
      const recommendation = withPermissionSetNote(
        withGroupNote(account, job.principalArn, result.recommendation),
      );
      recommendations.push(recommendation);
      if (result.planProof) planProofs.set(recommendation, result.planProof);
    } else
      unproven.push({
        of: "recommendation",
        targetArn: job.principalArn,
        name: job.principalName,
        reason: result.failure.reason,
        violations: result.failure.violations,
        checks: result.failure.checks,
      });
  }
  return { recommendations, unproven, planProofs };
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

/** Naming input for every user and role: the type and path keep a user and a role of one name apart. */
function namedPrincipal(account: AccountPermissions, arn: string): NamedPrincipal[] {
  const access = account.of(arn);
  if (!access || access.type === "group") return [];
  const { path, name } = access.principal;
  const permissionSet = access.type === "role" ? permissionSetOf(access.principal) : undefined;
  return [
    permissionSet
      ? { arn, type: "permission-set", path: "/", name: permissionSet }
      : { arn, type: access.type, path, name },
  ];
}

/**
 * An Identity Center role's policy goes to its permission set, which applies in every account the
 * set is assigned to: the evidence here is this account's activity only.
 */
function withPermissionSetNote(recommendation: Recommendation): Recommendation {
  const set = recommendation.permissionSet;
  if (!set) return recommendation;
  return {
    ...recommendation,
    summary: `${recommendation.summary}; apply it as the inline policy of IAM Identity Center permission set ${set.name} (its role here is managed by Identity Center), after checking its use in every account the set is assigned to`,
  };
}

/** Sources of a user's policies that reach it through its groups: they stay when its own are replaced. */
function groupPolicySources(account: AccountPermissions, arn: string): string[] {
  return (policiesOf(account.snapshot, arn)?.identity ?? []).filter((p) => p.via).map((p) => p.source);
}
