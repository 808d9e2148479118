import { combinedEvidence } from "../generate/last-access.js";
import { recommendOrFailure } from "../generate/recommend-or-failure.js";
import type { Group } from "../snapshot/model.js";
import { inlineSource } from "../snapshot/policies-of.js";
import { assemblePlan } from "./assemble.js";
import { membersOf, policyBaseline, principalBaseline } from "./baseline.js";
import {
  type PlanContext,
  type PlanResult,
  recentlyGrantedOf,
  removedFor,
  undatedFailure,
  unreadable,
} from "./context.js";
import { mergeObserved } from "./observed.js";

/**
 * A group's plan: one policy set minimized from every member's observed use of what the group's
 * own policies grant, replacing them; proven for each member over all its other policies. Its
 * documents are named from `policyBase`, unique among the run's groups (`uniquePolicyBases`).
 * Like a principal's plan, it only detaches managed policies: sessions naming one keep it whole.
 */
export function planForGroup(ctx: PlanContext, group: Group, policyBase?: string): PlanResult {
  const { snapshot, catalog } = ctx.account;
  const members = membersOf(snapshot, group);
  if (members.length === 0) return undefined;
  if (group.attachedPolicyArns.length === 0 && group.inlinePolicies.length === 0) return undefined;
  const undated = undatedFailure(ctx, group.arn, group.name);
  if (undated) return undated;
  const broken = unreadable(ctx, [group.arn, ...members.map((m) => m.arn)]);
  if (broken.length > 0)
    return {
      failure: {
        targetArn: group.arn,
        name: group.name,
        reason: "some of the current policies could not be read",
        violations: broken,
      },
    };
  const own = new Set([
    ...group.attachedPolicyArns,
    ...group.inlinePolicies.map((p) => inlineSource(group.arn, p.name)),
  ]);
  const lastAccess = combinedEvidence(members.map((m) => ctx.lastAccessedOf(m.arn)));
  const result = recommendOrFailure(
    {
      catalog,
      principalArn: group.arn,
      principalName: group.name,
      principalType: "group",
      ...(policyBase ? { policyBase } : {}),
      current: ctx.account.of(group.arn)!.permissions,
      observed: mergeObserved(members.map((m) => ctx.observedOf(m.arn))),
      observable: ctx.observable,
      lastAccess,
      recentlyGranted: recentlyGrantedOf(ctx, members, (source) => own.has(source)),
      classify: ctx.classify,
    },
    ctx.options,
  );
  if ("failure" in result) {
    const { reason, violations } = result.failure;
    return { failure: { targetArn: group.arn, name: group.name, reason, violations } };
  }
  const { policies } = result.recommendation;
  return assemblePlan(ctx, {
    target: { type: "group", arn: group.arn, name: group.name },
    create: policies,
    attach: policies.map((p) => p.name),
    detach: [...group.attachedPolicyArns].sort(),
    deleteInline: group.inlinePolicies.map((p) => p.name),
    touched: members.map((m) => ({ arn: m.arn, removed: removedFor(ctx, m.arn, group.arn, own) })),
    groups: [group.arn],
    before: {
      principals: [principalBaseline(snapshot, group, "group")],
      policies: group.attachedPolicyArns.flatMap((arn) => policyBaseline(snapshot, arn) ?? []),
    },
  });
}
