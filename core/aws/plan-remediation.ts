import { createHash } from "node:crypto";
import {
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
  changeIdFor,
} from "../engine/plans/change.js";
import { canonical } from "../engine/plans/state.js";
import type { Plan } from "../engine/report/schema.js";
import { describeAwsError } from "./iam-errors.js";
import type { Iam } from "./iam-state.js";
import { applyPlan } from "./plan-apply.js";
import { checkPlan } from "./plan-check.js";
import {
  AppliedUnrecordedError,
  ChangeBusyError,
  ChangeExistsError,
  PlanDriftError,
  PlanInputError,
  PlanNotFoundError,
  RollbackRefusedError,
} from "./plan-errors.js";
import { rollbackChange } from "./plan-rollback.js";
import {
  type ChangeEffect,
  type ChangeEntry,
  type ChangeEvent,
  type ChangeStore,
  type FindingStore,
  type PlanApproval,
  type ReportStore,
  type RollbackStart,
  RunConflictError,
  RunNotFoundError,
} from "./stores/index.js";

/** A change still `applying` or `rolling-back` this long after its last move lost its function. */
export const STALE_CHANGE_MS = 15 * 60_000;

/** What the deployed remediation needs: IAM, the runs and reports, the change store and backups. */
export interface Remediation {
  iam: Iam;
  runs: Pick<FindingStore, "getRun">;
  reports: Pick<ReportStore, "getReport">;
  changes: ChangeStore;
  /** One account's change backups (in the reports bucket), and where a change's backup goes. */
  backups: (accountId: string) => BackupStore & { url(changeId: string): string };
  clock: () => Date;
  /** The ARN the remediation's IAM credentials sign as: a plan narrowing it is refused. */
  caller?: () => Promise<string | undefined>;
}

export interface PlanRef {
  accountId: string;
  runId: string;
  planId: string;
}

/** The plan's exact content: an approval holds for that content only. */
export function planDigest(plan: Plan): string {
  return createHash("sha256").update(canonical(plan)).digest("hex");
}

/** A plan of a SUCCEEDED run of the account, whose proofs hold, that apply knows how to make. */
async function approvablePlan(r: Remediation, ref: PlanRef): Promise<Plan> {
  const run = await r.runs.getRun(ref.runId);
  // A run's account is known once its worker identified it; until then only its status can refuse.
  if (!run || (run.accountId && run.accountId !== ref.accountId))
    throw new RunNotFoundError(`no audit run ${ref.runId} of account ${ref.accountId}`);
  if (run.status !== "SUCCEEDED" || !run.accountId)
    throw new RunConflictError(`run ${ref.runId} is ${run.status}`);
  const report = await r.reports.getReport({ accountId: ref.accountId, runId: ref.runId });
  const plan = report?.plans.find((p) => p.id === ref.planId);
  if (!plan) throw new PlanNotFoundError(`run ${ref.runId} has no plan ${ref.planId}`);
  if (plan.target.type === "permission-set")
    throw new PlanInputError(
      `${plan.target.name} is managed by IAM Identity Center: apply the plan's permission-set IaC there`,
    );
  const failing = plan.proofs.filter((p) => !p.withinCurrent || !p.coversObserved);
  if (failing.length > 0)
    throw new PlanInputError(
      `the plan's proofs do not hold for ${failing.map((p) => p.principalArn).join(", ")}`,
    );
  return plan;
}

/** Records `by`'s approval of the plan; approving an approved plan returns the first approval. */
export async function approvePlan(
  r: Remediation,
  ref: PlanRef,
  by: string,
): Promise<{ approval: PlanApproval; created: boolean }> {
  const plan = await approvablePlan(r, ref);
  return r.changes.approve({
    ...ref,
    planDigest: planDigest(plan),
    approvedBy: by,
    approvedAt: r.clock().toISOString(),
  });
}

function effectOf(plan: Plan): ChangeEffect {
  if (plan.target.type === "policy")
    return { create: [], attach: [], detach: [], deleteInline: [], newDefaultVersionOf: plan.target.arn };
  return {
    create: plan.create.map((c) => c.name),
    attach: plan.attach,
    detach: plan.detach,
    deleteInline: plan.deleteInline,
  };
}

/** The steps of one apply or rollback by `by`, stamped when they happen. */
function eventsOf(r: Remediation, action: ChangeEvent["action"], by: string) {
  return (result: ChangeEvent["result"], detail?: string): ChangeEvent => ({
    action,
    by,
    at: r.clock().toISOString(),
    result,
    ...(detail ? { detail } : {}),
  });
}

/**
 * Applies an approved plan with the CLI's apply (drift check, backup, apply, verify, undo on
 * failure), recording the change before and its outcome after. Errors are rethrown once recorded:
 * PlanDriftError (nothing changed), ApplyFailedError (rolled back, or not).
 */
export async function applyApproved(r: Remediation, ref: PlanRef, by: string): Promise<ChangeEntry> {
  const plan = await approvablePlan(r, ref);
  // Asked before the change is recorded: an answer lost changed nothing.
  const caller = await r.caller?.();
  const now = r.clock();
  const changeId = changeIdFor(plan.id, now);
  const store = r.backups(ref.accountId);
  const event = eventsOf(r, "apply", by);
  const entry = await r.changes.beginApply(
    {
      ...ref,
      changeId,
      target: plan.target,
      effect: effectOf(plan),
      backup: store.url(changeId),
      createdAt: now.toISOString(),
    },
    planDigest(plan),
    event("started"),
  );
  try {
    await applyPlan(r.iam, plan, { changeId, now, store, ...(caller ? { caller } : {}) });
  } catch (error) {
    // IAM holds the change, verified: only the backup's mark failed, and the backup still undoes it.
    if (error instanceof AppliedUnrecordedError)
      return r.changes.endApply(entry, "applied", event("applied", error.message));
    // Drift and input checks, and the backup's exclusive write, come before any change; anything
    // else may have come after one.
    const nothingChanged =
      error instanceof PlanDriftError ||
      error instanceof PlanInputError ||
      error instanceof ChangeExistsError ||
      error instanceof ChangeBusyError;
    if (nothingChanged) await r.changes.endApply(entry, "refused", event("refused", error.message));
    else await r.changes.endApply(entry, "apply-failed", event("failed", describeAwsError(error)));
    throw error;
  }
  return r.changes.endApply(entry, "applied", event("applied"));
}

/** Restores what a change replaced, from its backup, recording who asked and how it ended. */
export async function rollbackApplied(
  r: Remediation,
  ref: { accountId: string; changeId: string },
  by: string,
): Promise<ChangeEntry> {
  const event = eventsOf(r, "rollback", by);
  const stale = new Date(r.clock().getTime() - STALE_CHANGE_MS).toISOString();
  const { entry, was } = await r.changes.beginRollback(ref.accountId, ref.changeId, event("started"), stale);
  const store = r.backups(ref.accountId);
  let record: ChangeRecord;
  try {
    record = await store.read(ref.changeId);
  } catch (error) {
    // Read before any write: IAM is untouched, and the change stays as it was, to roll back once
    // the backup can be read.
    const refusal = await withoutBackup(r, entry, was, error);
    if (!refusal)
      return r.changes.endRollback(
        entry,
        "rolled-back",
        event("rolled-back", "no backup, and IAM holds none of the change: it is as the audit saw it"),
      );
    await r.changes.refuseRollback(entry, was, event("refused", describeAwsError(refusal)));
    throw refusal;
  }
  try {
    await rollbackChange(r.iam, record, store);
  } catch (error) {
    // Refused before any write: the change is as it was, to roll back once others' work is moved.
    if (error instanceof RollbackRefusedError) {
      await r.changes.refuseRollback(entry, was, event("refused", error.message));
      throw error;
    }
    await r.changes.endRollback(entry, "rollback-failed", event("failed", describeAwsError(error)));
    throw error;
  }
  return r.changes.endRollback(entry, "rolled-back", event("rolled-back"));
}

/**
 * A change without a backup is rolled back only where IAM shows none of it. Apply writes the
 * backup before changing anything, so an apply that stopped before it changed nothing; but an
 * apply that failed midway, or died, may have written one that was lost since, with IAM holding
 * part of the change. What shows nothing of it is there: IAM exactly as the audit saw it, with no
 * policy the plan creates (apply's own checks). Returns the refusal, or undefined when shown.
 */
async function withoutBackup(
  r: Remediation,
  entry: ChangeEntry,
  was: RollbackStart["was"],
  error: unknown,
): Promise<unknown> {
  // An applied change wrote one, so its missing backup was lost since, and IAM still holds it.
  if (!(error instanceof BackupNotFoundError) || (was.status !== "apply-failed" && was.status !== "applying"))
    return error;
  try {
    const report = await r.reports.getReport({ accountId: entry.accountId, runId: entry.runId });
    const plan = report?.plans.find((p) => p.id === entry.planId);
    if (!plan) return new BackupNotFoundError(`${error.message}, and the plan it applied cannot be read`);
    await checkPlan(r.iam, plan);
    return undefined;
  } catch (cause) {
    const why = cause instanceof PlanDriftError ? cause.differences.join("; ") : describeAwsError(cause);
    return new BackupNotFoundError(
      `${error.message}, and IAM does not show the account as the audit saw it (${why}): it may hold part of the change, which only its backup could undo`,
      { cause },
    );
  }
}
