import { describeAwsError } from "./iam-errors.js";

/** IAM no longer holds what the plan was computed on: nothing was changed (exit 4). */
export class PlanDriftError extends Error {
  override readonly name: string = "PlanDriftError";
  readonly differences: string[];

  constructor(differences: string[]) {
    super(`the account changed since the audit; re-run the audit: ${differences.join("; ")}`);
    this.differences = differences;
  }
}

/**
 * IAM differs from the audit, and a change of the same plan was backed up and never finished
 * (interrupted, or still running): IAM may hold part of it, and its rollback is the way back, not a
 * new audit. Nothing was changed (exit 4).
 */
export class UnfinishedChangeError extends PlanDriftError {
  override readonly name = "UnfinishedChangeError";
  readonly changeId: string;

  constructor(differences: string[], change: { changeId: string; createdAt: string }, backup: string) {
    super(differences);
    this.changeId = change.changeId;
    this.message = `the account changed since the audit (${differences.join("; ")}), and change ${change.changeId} of this plan, started ${change.createdAt}, never finished (it was interrupted, or is still running): IAM may hold part of it; unless it is still running, undo it with: whittle rollback ${change.changeId} --backup ${backup}`;
  }
}

/**
 * The change id (the plan and the second) already has a backup: another apply of the plan began in
 * the same second. That backup may be the only exact undo of its change, so it is never overwritten,
 * and nothing was changed (exit 4).
 */
export class ChangeExistsError extends Error {
  override readonly name = "ChangeExistsError";
  readonly changeId: string;

  constructor(changeId: string, backup: string, cause: unknown) {
    super(
      `change ${changeId} already has a backup in ${backup}: another apply of this plan began in the same second; nothing was changed and that backup was kept: apply again once it has finished`,
      { cause },
    );
    this.changeId = changeId;
  }
}

/**
 * Another apply of the plan, or a rollback of its earlier change, holds its lease now: this apply
 * changed nothing (exit 4), and may be run again once that one has finished.
 */
export class ChangeBusyError extends Error {
  override readonly name = "ChangeBusyError";
}

/** A plan or change that cannot be applied as asked (permission sets, full version lists, bad ids). */
export class PlanInputError extends Error {
  override readonly name = "PlanInputError";
}

/** Applying failed; what had been done was rolled back (or, when `rolledBack` is false, could not be). */
export class ApplyFailedError extends Error {
  override readonly name = "ApplyFailedError";
  readonly rolledBack: boolean;

  constructor(message: string, rolledBack: boolean, cause: unknown) {
    super(message, { cause });
    this.rolledBack = rolledBack;
  }
}

/** A rollback left IAM different from the backup. */
export class RollbackError extends Error {
  override readonly name = "RollbackError";
}

/**
 * A rollback refused before any write (others' work since, another account): IAM is untouched.
 * Named as any RollbackError in messages: the refusal is the rollback's.
 */
export class RollbackRefusedError extends RollbackError {}

/** No such plan in the run's report. */
export class PlanNotFoundError extends Error {
  override readonly name = "PlanNotFoundError";
}

/** The target is at its quota of managed policies, and no order of writes keeps its permissions. */
export class AttachQuotaError extends Error {
  override readonly name = "AttachQuotaError";
}

/**
 * The change was applied and verified, but its backup could not be marked applied: IAM holds the
 * change, and the backup, written before it, still undoes it.
 */
export class AppliedUnrecordedError extends Error {
  override readonly name = "AppliedUnrecordedError";
  readonly changeId: string;

  constructor(changeId: string, cause: unknown) {
    super(
      `the change was applied and verified, but its backup could not be marked applied (${describeAwsError(cause)}); IAM holds the change, and whittle rollback ${changeId} undoes it`,
      { cause },
    );
    this.changeId = changeId;
  }
}
