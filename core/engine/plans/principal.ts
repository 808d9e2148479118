import type { Recommendation } from "../generate/types.js";
import type { Principal } from "../snapshot/model.js";
import { inlineSource } from "../snapshot/policies-of.js";
import { assemblePlan } from "./assemble.js";
import { policyBaseline, principalBaseline } from "./baseline.js";
import { type PlanContext, type PlanResult, removedFor } from "./context.js";
import type { PlanProof } from "./prove.js";
import { renderedDocuments } from "./rendered-documents.js";

/** What a plan reads of a recommendation: its IaC, where given, holds the documents' texts. */
export type PlannedRecommendation = Pick<Recommendation, "principalArn" | "policies"> &
  Partial<Pick<Recommendation, "permissionSet" | "terraform" | "cloudformation">> & {
    /** The plan's proof, made where the recommendation was (audit/recommend-job.ts). */
    planProof?: PlanProof;
  };

/** IAM Identity Center's roles: their policies are set through the permission set, never in IAM. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

export function permissionSetName(roleName: string): string | undefined {
  return SSO_ROLE.exec(roleName)?.[1];
}

/**
 * A user's or role's plan from its recommendation: the proven policies replace its own
 * attachments and inline policies (a user's groups keep theirs; their plans trim them).
 * Detaching a managed policy leaves its document as it is: a session that names it as a session
 * policy (AssumeRole's PolicyArns needs no attachment) keeps what it had, and a role's sessions
 * are its own calls, which the role's proof replays. Only a new version narrows such sessions
 * (planForPolicy), and no plan deletes a managed policy the account had.
 */
export function planForPrincipal(ctx: PlanContext, recommendation: PlannedRecommendation): PlanResult {
  const access = ctx.account.of(recommendation.principalArn);
  if (!access || access.type === "group") return undefined;
  const { principal } = access;
  if (principal.attachedPolicyArns.length === 0 && principal.inlinePolicies.length === 0) return undefined;
  const removed = removedByPlan(ctx, principal);
  const sso = access.type === "role" && permissionSetName(principal.name) !== undefined;
  const { snapshot } = ctx.account;
  const texts = sso ? undefined : renderedDocuments(recommendation);
  return assemblePlan(ctx, {
    target: { type: sso ? "permission-set" : access.type, arn: principal.arn, name: principal.name },
    create: recommendation.policies,
    attach: recommendation.policies.map((p) => p.name),
    detach: [...principal.attachedPolicyArns].sort(),
    deleteInline: principal.inlinePolicies.map((p) => p.name),
    touched: [{ arn: principal.arn, removed }],
    groups: [],
    before: {
      principals: [principalBaseline(snapshot, principal, access.type)],
      policies: principal.attachedPolicyArns.flatMap((arn) => policyBaseline(snapshot, arn) ?? []),
    },
    ...(texts ? { texts } : {}),
    ...provenBefore(recommendation, removed),
  });
}

/** The sources a user's or role's plan takes away from it: its own policies, unless it holds one through a group too. */
export function removedByPlan(ctx: Pick<PlanContext, "account">, principal: Principal): Set<string> {
  const own = new Set([
    ...principal.attachedPolicyArns,
    ...principal.inlinePolicies.map((p) => inlineSource(principal.arn, p.name)),
  ]);
  return removedFor(ctx, principal.arn, principal.arn, own);
}

/** The recommendation's proof of this very change (same sources removed), where its job made one. */
function provenBefore(recommendation: PlannedRecommendation, removed: ReadonlySet<string>) {
  const proof = recommendation.planProof;
  if (!proof || proof.removed.length !== removed.size || !proof.removed.every((s) => removed.has(s)))
    return {};
  return { proven: proof };
}
