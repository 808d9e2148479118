import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";

/**
 * Test-only: the wait in milliseconds before each retry of a client with a custom endpoint, in place
 * of the SDK's growing backoff. The test suite sets it for the CLI it spawns against moto, which
 * answers what it lacks with a 500 (GenerateServiceLastAccessedDetails) that no wait cures. Without a
 * custom endpoint (AWS itself) it is ignored, so a stray value never changes how AWS is retried.
 */
export const EMULATOR_RETRY_DELAY_ENV = "WHITTLE_TEST_EMULATOR_RETRY_DELAY_MS";

/** The fixed-wait strategy the variable asks for, or undefined (the SDK's own retries). */
export function emulatorRetries(
  endpoint: string | undefined,
): ((maxAttempts: number) => RetryStrategyV2) | undefined {
  const value = process.env[EMULATOR_RETRY_DELAY_ENV];
  if (!endpoint || value === undefined || value === "") return undefined;
  const delayMs = Number(value);
  if (!Number.isFinite(delayMs) || delayMs < 0) return undefined;
  return (maxAttempts) => fixedDelayRetries(maxAttempts, delayMs);
}

/**
 * The SDK's standard strategy's choices (retry throttling and transient errors, the same attempts)
 * with a fixed wait and no retry quota.
 */
function fixedDelayRetries(maxAttempts: number, delayMs: number): RetryStrategyV2 {
  const token = (count: number, delay: number): RetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, error: RetryErrorInfo) => {
      const retryable = error.errorType === "THROTTLING" || error.errorType === "TRANSIENT";
      const count = previous.getRetryCount() + 1;
      if (!retryable || count >= maxAttempts) throw new Error("No retry token available");
      return token(count, delayMs);
    },
    recordSuccess: () => {},
  };
}
