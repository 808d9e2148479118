import assert from "node:assert/strict";
import { test } from "node:test";
import { clientConfig, createClients, MAX_ATTEMPTS, TIMEOUTS } from "../../core/aws/clients.js";

test("production clients give up on a silent connection or answer, and retry within a budget", () => {
  const config = clientConfig({});
  assert.deepEqual(config.requestHandler, {
    connectionTimeout: TIMEOUTS.connectMs,
    requestTimeout: TIMEOUTS.responseMs,
    socketTimeout: TIMEOUTS.responseMs,
    throwOnRequestTimeout: true,
  });
  assert.equal(config.maxAttempts, MAX_ATTEMPTS);
  assert.ok(TIMEOUTS.connectMs <= 10_000 && TIMEOUTS.responseMs <= 120_000, "well inside a 15-minute state");
});

test("a shorter request timeout (tests, emulators) bounds the connection too", () => {
  const { requestHandler } = clientConfig({ requestTimeoutMs: 1000, maxAttempts: 2 });
  assert.equal(requestHandler.connectionTimeout, 1000);
  assert.equal(requestHandler.requestTimeout, 1000);
  assert.equal(clientConfig({ maxAttempts: 2 }).maxAttempts, 2);
});

test("IAM and CloudTrail pace themselves once throttled; clients spanning resources retry in standard mode", async () => {
  const modes: Record<string, string> = {};
  const { cloudtrailIn, ...clients } = createClients({ region: "us-east-1" });
  for (const [name, client] of Object.entries({ ...clients, cloudtrailIn: cloudtrailIn("eu-west-1") })) {
    const { retryStrategy, maxAttempts } = client.config as unknown as {
      retryStrategy: () => Promise<{ mode: string }>;
      maxAttempts: () => Promise<number>;
    };
    modes[name] = (await retryStrategy()).mode;
    assert.equal(await maxAttempts(), MAX_ATTEMPTS, name);
  }
  assert.deepEqual(modes, {
    iam: "adaptive",
    sts: "standard",
    s3: "standard",
    cloudtrail: "adaptive",
    athena: "standard",
    ec2: "standard",
    cloudtrailIn: "adaptive",
  });
});
