/** IAM no longer holds what the plan was computed on: nothing was changed (exit 4). */
export class PlanDriftError extends Error {
  override readonly name = "PlanDriftError";
  readonly differences: string[];

  constructor(differences: string[]) {
    super(`the account changed since the audit; re-run the audit: ${differences.join("; ")}`);
    this.differences = differences;
  }
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

/** No such plan in the run's report. */
export class PlanNotFoundError extends Error {
  override readonly name = "PlanNotFoundError";
}

/** The target is at its quota of managed policies, and no order of writes keeps its permissions. */
export class AttachQuotaError extends Error {
  override readonly name = "AttachQuotaError";
}
