/** Every store failure is one of these, with the SDK exception as `cause`. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class RunNotFoundError extends StoreError {}

/** A conditional write lost: the run already finished, or a newer run owns the state. */
export class RunConflictError extends StoreError {}

/** A second claimant tried to start a run that is already running: it must not run twice. */
export class RunAlreadyStartedError extends RunConflictError {}

/** An idempotency key replayed with a different request. */
export class IdempotencyConflictError extends StoreError {}

/** No complete report (no manifest) for the run, or not in the asked format. */
export class ReportNotFoundError extends StoreError {}

export class InvalidPageTokenError extends StoreError {}

/** BatchWriteItem still returned unprocessed items after every retry. */
export class UnprocessedItemsError extends StoreError {}

/** Denied, throttled beyond retries, missing table or bucket: the store cannot be used. */
export class StoreUnavailableError extends StoreError {}

const NOT_FOUND = new Set(["NoSuchKey", "NotFound", "NoSuchBucket"]);

export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

export function isConditionalFailure(error: unknown): boolean {
  return awsErrorName(error) === "ConditionalCheckFailedException";
}

export function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && NOT_FOUND.has(name);
}

/** Translates an SDK exception (already known not to be an expected condition) into a store error. */
export function storeError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const name = awsErrorName(error) ?? "Error";
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`${operation} failed: ${name}: ${message}`, { cause: error });
}

/** Applying needs an approval of exactly this plan of this run, not yet used by another change. */
export class PlanNotApprovedError extends StoreError {}

/** A change cannot move as asked: its approval is used, or it is applying or rolled back already. */
export class ChangeConflictError extends StoreError {}

export class ChangeNotFoundError extends StoreError {}
