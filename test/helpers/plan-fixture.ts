import { AccountPermissions } from "../../core/engine/account/permissions.js";
import type { EventCount } from "../../core/engine/activity/usage.js";
import type { ObservedAction } from "../../core/engine/generate/types.js";
import { type PlanContext, planAll } from "../../core/engine/plans/index.js";
import type { PlannedRecommendation } from "../../core/engine/plans/principal.js";
import type { Plan } from "../../core/engine/report/schema.js";
import type { ManagedPolicy, Snapshot } from "../../core/engine/snapshot/model.js";
import { catalog } from "./catalog.js";
import { ACCOUNT, role, snapshotWith } from "./snapshot-fixture.js";

/** Small hand-made accounts for plan tests. */
export const S3_ALL = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
};

export const arn = (kind: string, name: string, account = ACCOUNT) =>
  `arn:aws:iam::${account}:${kind}/${name}`;

/** The account moto_server answers as, and an IAM ARN in it: the apply and rollback tests run there. */
export const MOTO_ACCOUNT = "123456789012";
export const motoArn = (kind: string, name: string) => arn(kind, name, MOTO_ACCOUNT);

/** A role's trust for EC2 instances, the principal the apply and rollback tests write to. */
export const EC2_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export function managed(name: string, document: unknown, account = ACCOUNT): ManagedPolicy {
  return {
    arn: arn("policy", name, account),
    name,
    path: "/",
    isAwsManaged: false,
    defaultVersionId: "v1",
    document,
  };
}

export function used(action: string, ...resources: string[]): ObservedAction {
  return { action, count: 3, resources, unscopedCalls: 0 };
}

/** Plans for a snapshot, each principal's observed use (every action observable) and recommendations. */
export function planFor(
  snapshot: Snapshot,
  observed: Record<string, ObservedAction[]>,
  recommendations: PlannedRecommendation[] = [],
  unmapped: Record<string, EventCount[]> = {},
  sessionPolicies: Record<string, number> = {},
) {
  const ctx: PlanContext = {
    account: new AccountPermissions(catalog, snapshot),
    observedOf: (a) => observed[a] ?? [],
    unmappedOf: (a) => unmapped[a] ?? [],
    lastAccessedOf: () => ({ verdict: () => "unknown" as const }),
    lateEvidenceOf: () => undefined,
    sessionPolicyRequests: (a) => sessionPolicies[a] ?? 0,
    recentGrantsOf: () => [],
    undatedGrants: "",
    observable: catalog.fullSet(),
    options: {},
    classify: (key) => (key === "s3:PutBucketPolicy" ? ["resource-exposure"] : []),
  };
  return planAll(ctx, recommendations);
}

/** What the apply and rollback tests' principals were seen doing: reading one object. */
export const GET_OBJECT = used("s3:GetObject", "arn:aws:s3:::a/x");

/** The policy recommended for that use. */
export const READ_OBJECT = {
  Version: "2012-10-17" as const,
  Statement: [
    { Sid: "Read", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
  ],
};

/**
 * Plans for moto's account where each of `roles` is given `whittle-<role>` holding READ_OBJECT, and
 * each principal of `seen` (ARNs; those roles unless given) was seen making GET_OBJECT.
 */
export function plansFor(
  snapshot: Snapshot,
  roles: readonly string[],
  seen: readonly string[] = roles.map((r) => motoArn("role", r)),
): Plan[] {
  return planFor(
    snapshot,
    Object.fromEntries(seen.map((a) => [a, [GET_OBJECT]])),
    roles.map((r) => ({
      principalArn: motoArn("role", r),
      policies: [{ name: `whittle-${r}`, document: READ_OBJECT }],
    })),
  ).plans;
}

/** Two roles sharing one customer managed policy: its plan's new default version is named as the policy. */
export function sharedPolicyPlans() {
  const shared = arn("policy", "shared");
  const snapshot = snapshotWith({
    roles: [role("app", { attachedPolicyArns: [shared] }), role("batch", { attachedPolicyArns: [shared] })],
    managedPolicies: { [shared]: managed("shared", S3_ALL) },
  });
  const { plans } = planFor(snapshot, {
    [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
    [arn("role", "batch")]: [used("s3:PutObject", "arn:aws:s3:::b/y")],
  });
  const plan = plans.find((p) => p.target.type === "policy");
  if (plan?.create.map((c) => c.name).join() !== "shared")
    throw new Error(`no plan for the shared policy: ${JSON.stringify(plans.map((p) => p.target))}`);
  return plans;
}
