import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import type { RetryErrorInfo } from "@smithy/types";
import { clientConfig } from "../../core/aws/clients.js";
import { EMULATOR_RETRY_DELAY_ENV, emulatorRetries } from "../../core/aws/emulator-retries.js";

const before = process.env[EMULATOR_RETRY_DELAY_ENV];
afterEach(() => {
  if (before === undefined) delete process.env[EMULATOR_RETRY_DELAY_ENV];
  else process.env[EMULATOR_RETRY_DELAY_ENV] = before;
});

const failure = (errorType: RetryErrorInfo["errorType"]) => ({ errorType }) as RetryErrorInfo;

test("without a custom endpoint, the emulator's retry setting leaves AWS's clients on the SDK's backoff", () => {
  process.env[EMULATOR_RETRY_DELAY_ENV] = "10";
  assert.equal(emulatorRetries(undefined), undefined);
  const config = clientConfig({ region: "us-east-1" });
  assert.equal("retryStrategy" in config, false);
  assert.equal((config as { retryMode?: string }).retryMode, "adaptive");
});

test("unset or not a number, an emulator's clients keep the SDK's backoff too", () => {
  for (const value of [undefined, "", "soon", "-1"]) {
    if (value === undefined) delete process.env[EMULATOR_RETRY_DELAY_ENV];
    else process.env[EMULATOR_RETRY_DELAY_ENV] = value;
    assert.equal(emulatorRetries("http://127.0.0.1:5000"), undefined, String(value));
    assert.equal("retryStrategy" in clientConfig({ endpoint: "http://127.0.0.1:5000" }), false);
  }
});

test("set for an emulator, retries wait the fixed time and make the same attempts for the same errors", async () => {
  process.env[EMULATOR_RETRY_DELAY_ENV] = "10";
  const config = clientConfig({ endpoint: "http://127.0.0.1:5000", maxAttempts: 3 });
  const strategy = (config as { retryStrategy?: ReturnType<NonNullable<ReturnType<typeof emulatorRetries>>> })
    .retryStrategy;
  assert.ok(strategy);
  const first = await strategy.acquireInitialRetryToken("iam");
  const second = await strategy.refreshRetryTokenForRetry(first, failure("TRANSIENT"));
  assert.deepEqual([second.getRetryCount(), second.getRetryDelay()], [1, 10]);
  const third = await strategy.refreshRetryTokenForRetry(second, failure("THROTTLING"));
  assert.equal(third.getRetryCount(), 2);
  // The third attempt was the last; a client error is never retried.
  await assert.rejects(strategy.refreshRetryTokenForRetry(third, failure("TRANSIENT")));
  await assert.rejects(strategy.refreshRetryTokenForRetry(first, failure("CLIENT_ERROR")));
  await assert.rejects(strategy.refreshRetryTokenForRetry(first, failure("SERVER_ERROR")));
});
