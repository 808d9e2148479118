import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { type AwsClients, type AwsConnection, createClients } from "../../core/aws/clients.js";
import { EMULATOR_RETRY_DELAY_ENV } from "../../core/aws/emulator-retries.js";
import { REQUEST_TIMEOUT_MS } from "./timeouts.js";

export interface MotoServer {
  endpoint: string;
  connection: AwsConnection;
  clients: AwsClients;
  /** Wipes all emulated state (moto's reset API) so tests in one file stay independent. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The wait before each retry of a moto client, rather than the SDK's backoff growing to seconds:
 * moto answers what it lacks with a 500 (GenerateServiceLastAccessedDetails) and a policy's sixth
 * version with LimitExceeded, which the SDK retries as throttling, and neither passes with time.
 * The same attempts are made; the fault-injection tests keep the production backoff (withSdkBackoff).
 */
const RETRY_DELAY_MS = 10;

/**
 * The environment of a CLI spawned against moto (or a closed port), so that its clients retry as
 * this file's do rather than wait out the SDK's backoff: seconds per run that test nothing.
 */
export const CLI_RETRY_ENV = { [EMULATOR_RETRY_DELAY_ENV]: String(RETRY_DELAY_MS) };

const INSTALL_HINT = "moto_server was not found on PATH. Install it with: pip install 'moto[server]'";

/** Starts a private moto_server on a free loopback port; every test file that uses AWS owns one. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      MOTO_IAM_LOAD_MANAGED_POLICIES: "true",
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new Error(INSTALL_HINT) : error),
    );
    child.once("exit", (code) => reject(new Error(`moto_server exited early (code ${code}): ${stderr}`)));
  });
  await Promise.race([waitUntilUp(endpoint), spawnError]);
  const connection: AwsConnection = {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    retryStrategy: (attempts) => new ConfiguredRetryStrategy(attempts, RETRY_DELAY_MS),
  };
  return {
    endpoint,
    connection,
    clients: createClients(connection),
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, {
        method: "POST",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
    },
    stop: () => stop(child),
  };
}

/** A moto connection whose clients retry with the SDK's production backoff, as deployed. */
export function withSdkBackoff(connection: AwsConnection): AwsConnection {
  const { retryStrategy: _, ...production } = connection;
  return production;
}

async function waitUntilUp(endpoint: string): Promise<void> {
  // Within a hook's own limit (test/helpers/timeouts.ts), so this error is the one reported.
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`moto_server did not answer on ${endpoint} within 40 s`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
