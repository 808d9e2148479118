import { unprovenGrants } from "../engine/plans/reprove.js";
import { driftFrom, type IamState, keptScope } from "../engine/plans/state.js";
import type { Plan } from "../engine/report/schema.js";
import { loadCatalog } from "../node/load-catalog.js";
import {
  boundaryHolders,
  type Iam,
  principalIdentity,
  readDefaultVersion,
  readPolicy,
  readState,
  type StateScope,
} from "./iam-state.js";
import { MAX_VERSIONS } from "./plan-create.js";
import { PlanDriftError, PlanInputError } from "./plan-errors.js";
import { notReattachable } from "./plan-reattach.js";

/** What apply reads and verifies: the target principal, and every customer managed policy involved. */
export function scopeOf(plan: Plan): StateScope {
  return {
    principals: plan.before.principals.map((p) => ({ type: p.type, name: p.name })),
    policies: plan.before.policies.map((p) => p.arn),
  };
}

/** The checks apply makes before any change: drift, name clashes, version quota. */
export async function checkPlan(
  iam: Iam,
  plan: Plan,
): Promise<{ scope: StateScope; creates: string[]; checked: IamState }> {
  if (plan.target.type === "permission-set")
    throw new PlanInputError(
      `${plan.target.name} is managed by IAM Identity Center: apply the plan's permission-set Terraform or CloudFormation there`,
    );
  // A report's plans hold their proofs; one that does not (edited, or of another version) is not applied.
  const failing = plan.proofs.filter((p) => !p.withinCurrent || !p.coversObserved);
  if (failing.length > 0 || !plan.checks.withinCurrent || !plan.checks.coversObserved)
    throw new PlanInputError(
      `the plan's proofs do not hold${failing.length > 0 ? ` for ${failing.map((p) => p.principalArn).join(", ")}` : ""}`,
    );
  // Written before plans recorded each user's and role's boundary (and the AWS managed policies
  // beside the change, added with it): drift there could not be told, so it is not applied unchecked.
  const unbounded = [...plan.before.principals, ...(plan.before.kept?.principals ?? [])].filter(
    (p) => p.type !== "group" && p.boundary === undefined,
  );
  if (unbounded.length > 0)
    throw new PlanInputError(
      `the plan was written by an earlier Whittle that did not record the permissions boundary of ${unbounded.map((p) => p.arn).join(", ")}: audit again`,
    );
  const scope = scopeOf(plan);
  // IAM is read by name: the same names in another account (a StackSet's roles) must not pass.
  const target =
    plan.target.type === "policy"
      ? undefined
      : await principalIdentity(iam, plan.target.type, plan.target.name);
  const targetArn = target?.arn;
  const accountOf = (arn: string) => arn.split(":").slice(1, 5).join(":");
  if (targetArn && accountOf(targetArn) !== accountOf(plan.target.arn))
    throw new PlanInputError(
      `the plan is for ${plan.target.arn}, but these credentials reach ${targetArn}: use the account the report audited`,
    );
  // The policies the proofs counted beside the change are read too: drift there makes it stale.
  const live = await readState(iam, scope);
  const kept = await readKept(iam, plan);
  live.principals.push(...kept.principals);
  live.policies.push(...kept.policies);
  const drift = driftFrom(plan.before, live);
  if (targetArn && targetArn !== plan.target.arn) drift.push(`${plan.target.arn} is now ${targetArn}`);
  // Deleted and made again under the same name: another principal, whose use the audit never saw.
  // Every principal the proofs counted, not the target alone: a policy's holders, a group's members.
  for (const audited of [...plan.before.principals, ...(plan.before.kept?.principals ?? [])]) {
    if (!audited.id) continue;
    const isTarget = audited.arn === plan.target.arn;
    const id = isTarget ? target?.id : (await principalIdentity(iam, audited.type, audited.name))?.id;
    if (id && id !== audited.id)
      drift.push(`${audited.arn} was deleted and made again since the audit (id ${id}, was ${audited.id})`);
  }
  // The target's partition too: in aws-cn or aws-us-gov an `arn:aws:` policy is not the one created.
  const [, partition, , , account] = plan.target.arn.split(":");
  const creates =
    plan.target.type === "policy"
      ? []
      : plan.create.map((c) => `arn:${partition}:iam::${account}:policy/${c.name}`);
  for (const arn of creates)
    if (await readPolicy(iam, arn)) drift.push(`a policy named ${arn} already exists`);
  // The audit plans no policy that bounds a principal: a new version would narrow it, unproven.
  if (plan.target.type === "policy") {
    const bounded = await boundaryHolders(iam, plan.target.arn);
    if (bounded.length > 0)
      drift.push(
        `${plan.target.arn} is now the permissions boundary of ${bounded.join(", ")}, whom a new version would narrow`,
      );
  }
  if (drift.length > 0) throw new PlanDriftError(drift);
  // IAM is as the plan read it, so its proofs can be made again from that reading: the ones the
  // file holds are only what it says, and a report edited since the audit may widen a document.
  const unproven = unprovenGrants(loadCatalog(), plan);
  if (unproven.length > 0)
    throw new PlanInputError(
      `the plan's new policies cannot be proven again within what the principals they reach hold today (${unproven.slice(0, 3).join("; ")}): the report was changed since the audit, or written by an earlier Whittle that recorded less; audit again`,
    );
  const deprecated = await notReattachable(iam, plan.detach);
  if (deprecated.length > 0)
    throw new PlanInputError(
      `the plan detaches ${deprecated.join(", ")}, which AWS deprecated: a deprecated policy, once detached, cannot be attached again, so no rollback could restore it; detach it by hand if that is meant, then audit again`,
    );
  const policy = live.policies.find((p) => p.arn === plan.target.arn);
  if (plan.target.type === "policy" && policy && policy.versions.length >= MAX_VERSIONS)
    throw new PlanInputError(
      `${plan.target.arn} already has ${MAX_VERSIONS} versions; delete an old one so a new default version fits`,
    );
  // The backup is the very reading checked: one taken again could hold a change made meanwhile,
  // which the verification would then expect, and the change leave in place unproven.
  const checked: IamState = {
    principals: scope.principals.flatMap(
      (q) => live.principals.find((p) => p.type === q.type && p.name === q.name) ?? [],
    ),
    policies: scope.policies.flatMap((arn) => live.policies.find((p) => p.arn === arn) ?? []),
  };
  return { scope, creates, checked };
}

/** IAM now, in what the plan's proofs counted beside the change: its principals' other policies. */
async function readKept(iam: Iam, plan: Plan): Promise<IamState> {
  const kept = keptScope(plan.before);
  const live = await readState(iam, { principals: kept.principals, policies: [] });
  for (const arn of kept.policies) {
    const policy = await readDefaultVersion(iam, arn);
    if (policy) live.policies.push(policy);
  }
  return live;
}

/** How what the plan was proven beside differs from the audit's reading of it. */
export async function keptDrift(iam: Iam, plan: Plan): Promise<string[]> {
  if (!plan.before.kept) return [];
  return driftFrom({ principals: [], policies: [], kept: plan.before.kept }, await readKept(iam, plan));
}
