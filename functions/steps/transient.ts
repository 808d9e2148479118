/** A step failed for a passing cause (throttling, a 5xx, a dropped connection, a timeout): retry the state. */
export class TransientError extends Error {
  override readonly name = "TransientError";
}

const TRANSIENT_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "SlowDown",
  "TimeoutError",
  "RequestTimeout",
  "ServiceUnavailable",
  "InternalError",
]);
const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);

/**
 * Adapters wrap SDK errors in their own (IamCollectionError, ActivitySourceError, StoreError) with the
 * SDK error as `cause`; the state machine retries by error name, so an error whose cause chain holds a
 * transient failure is renamed TransientError (message kept). Others pass unchanged: denied, invalid.
 */
export function classify(error: unknown): unknown {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
    const code = (e as { code?: string }).code ?? "";
    if (TRANSIENT_NAMES.has(e.name) || TRANSIENT_CODES.has(code) || status >= 500 || status === 429) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return new TransientError(message, { cause: error });
    }
  }
  return error;
}
