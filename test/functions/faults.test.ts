import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { createClients } from "../../core/aws/clients.js";
import { EMULATOR_RETRY_DELAY_ENV } from "../../core/aws/emulator-retries.js";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import { createExecutionEndedHandler } from "../../functions/execution-ended.js";
import type { Runtime } from "../../functions/runtime.js";
import { driveExecution, type Machines } from "../helpers/drive-audit.js";
import { type Fault, type FaultProxy, type RequestInfo, startFaultProxy } from "../helpers/fault-proxy.js";
import { deliverDemoTrail, demoClock, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto, withSdkBackoff } from "../helpers/moto.js";
import { synthesizedMachines } from "../helpers/orchestration.js";

// These tests exercise the production backoff: a fixed test wait left in the shell must not replace it.
delete process.env[EMULATOR_RETRY_DELAY_ENV];

const DEMO_DAYS = ["2026/11/20"];
let moto: MotoServer;
let proxy: FaultProxy;
let machines: Machines;
/** Reads the stores straight from moto, whatever the proxy is doing. */
let direct: Runtime;
before(async () => {
  machines = await synthesizedMachines();
  moto = await startMoto();
  await deployToMoto(moto);
  await deliverDemoTrail(moto, DEMO_DAYS);
  proxy = await startFaultProxy(moto.endpoint);
  direct = motoRuntime(moto);
});
after(async () => {
  await proxy.stop();
  await moto.stop();
});

/**
 * A runtime whose every AWS call goes through the proxy, with the production retry configuration
 * unless a test names a smaller budget (the SDK's backoff would otherwise make it minutes long).
 */
function behindProxy(budget: { requestTimeoutMs?: number; maxAttempts?: number } = {}): Runtime {
  const connection = { ...withSdkBackoff(moto.connection), endpoint: proxy.endpoint, ...budget };
  return motoRuntime({ ...moto, connection }, {}, { clock: demoClock() });
}

const manifest = (runId: string) => direct.reports.getManifest({ accountId: LAMBDA_ACCOUNT, runId });
const run = (runId: string) => direct.findings.getRun(runId);
const failures = (trace: { error?: string }[]) => JSON.stringify(trace.filter((t) => t.error));

/** How many times the definition lets a state run on a TransientError: the first attempt and its retries. */
function transientAttempts(state: string): number {
  const retry = machines.account.States[state]?.Retry?.find((r) => r.ErrorEquals.includes("TransientError"));
  assert.ok(retry, `${state} retries TransientError`);
  return 1 + (retry.MaxAttempts ?? 3);
}

/**
 * A storm as AWS produces one: bursts of consecutive throttling per API (an account's IAM request
 * rate, an S3 prefix's SlowDown, a table's throughput), an occasional 500, two dropped connections
 * and one response that never comes.
 */
function storm(): (request: RequestInfo) => Fault {
  const bursts: Record<string, [number, number][]> = {
    iam: [
      [3, 6],
      [15, 18],
    ],
    s3: [[2, 5]],
    dynamodb: [[2, 5]],
  };
  const seen = new Map<string, number>();
  let total = 0;
  return ({ service }) => {
    total++;
    const n = (seen.get(service) ?? 0) + 1;
    seen.set(service, n);
    if (bursts[service]?.some(([from, to]) => n >= from && n <= to)) return "throttle";
    if (total === 9) return "stall";
    if (total === 7 || total === 31) return "reset";
    return total % 20 === 0 ? "server-error" : "pass";
  };
}

test("a run survives bursts of throttling, 500s, resets and a stalled response within its retry budget", async () => {
  proxy.plan = storm();
  const earlier = { ...proxy.injected };
  const from = proxy.log.length;
  // The test's request timeout (20 s) ends the stall; the retry budget is production's.
  const runtime = behindProxy();
  const runId = randomUUID();
  const outcome = await driveExecution(machines, runtime, "account", runId, { trigger: "schedule" });
  proxy.plan = () => "pass";
  const met = proxy.log.slice(from).filter((r) => r.fault !== "pass");
  const story = met.map((r) => `${r.service} ${r.operation.slice(0, 40)}: ${r.fault}`).join("; ");
  assert.equal(outcome.error, undefined, `${(await run(runId))?.error} ${failures(outcome.trace)} ${story}`);
  const injected = (fault: Fault) => proxy.injected[fault] - earlier[fault];
  assert.ok(injected("throttle") >= 16, `throttled ${injected("throttle")} times`);
  assert.ok(injected("server-error") > 0 && injected("reset") > 0 && injected("stall") === 1);
  assert.equal((await run(runId))?.status, "SUCCEEDED");
  assert.ok(await manifest(runId));
  // Survived, not degraded: no part of the evidence was given up for a passing fault.
  const report = await direct.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId });
  const lost = report?.sources.warnings.filter((w) =>
    /rate exceeded|throttl|slowdown|internal error|socket|timed? ?out|ECONNRESET/i.test(w),
  );
  assert.deepEqual(lost, []);
});

test("throttling that outlasts the budget ends the run FAILED with the reason and no complete report", async () => {
  // Every write of the report is throttled: each attempt of the Audit state gives up, then the run.
  proxy.plan = (r) => (r.method === "PUT" && r.path.includes("/reports/") ? "throttle" : "pass");
  const runId = randomUUID();
  const outcome = await driveExecution(machines, behindProxy({ maxAttempts: 2 }), "account", runId, {
    trigger: "schedule",
  });
  proxy.plan = () => "pass";
  assert.match(outcome.error?.message ?? "", /AuditFailed/);
  const audits = outcome.trace.filter((t) => t.state === "Audit" && t.payload);
  assert.equal(audits.length, transientAttempts("Audit"), "every attempt the definition allows");
  assert.ok(outcome.trace.some((t) => t.state === "RecordFailed" && t.payload));
  const record = await run(runId);
  assert.equal(record?.status, "FAILED");
  assert.match(record?.error ?? "", /TransientError: .*SlowDown|reduce your request rate/);
  assert.equal(await manifest(runId), undefined);
});

test("a stalled response ends in the client's timeout and a FAILED run, not a hung one", async () => {
  proxy.plan = (r) => (r.operation === "GetAccountAuthorizationDetails" ? "stall" : "pass");
  const stalls = proxy.injected.stall;
  const runId = randomUUID();
  const runtime = behindProxy({ requestTimeoutMs: 2000, maxAttempts: 2 });
  const outcome = await driveExecution(machines, runtime, "account", runId, { trigger: "schedule" });
  proxy.plan = () => "pass";
  assert.match(outcome.error?.message ?? "", /AuditFailed/);
  assert.equal(proxy.injected.stall - stalls, 2 * transientAttempts("Snapshot"));
  const record = await run(runId);
  assert.equal(record?.status, "FAILED");
  assert.match(record?.error ?? "", /GetAccountAuthorizationDetails/);
  assert.equal(await manifest(runId), undefined);
});

test("the audited account's emulator killed mid-run: the run ends FAILED with the reason, no complete report", async () => {
  // The audited account (IAM, its trail bucket) on an emulator of its own; the stores stay on `moto`.
  const audited = await startMoto();
  try {
    await deployToMoto(audited);
    await deliverDemoTrail(audited, DEMO_DAYS);
    const { iam, sts, s3, cloudtrail } = createClients(withSdkBackoff(audited.connection));
    const runtime = motoRuntime(moto, {}, { clock: demoClock(), clients: { iam, sts, s3, cloudtrail } });
    const steps = createAuditStepsHandler(() => runtime);
    let killed = false;
    const handler = (async (payload: { step: string }, context: never) => {
      if (payload.step === "audit" && !killed) {
        killed = true;
        await audited.stop();
      }
      return steps(payload, context);
    }) as typeof steps;
    const runId = randomUUID();
    const outcome = await driveExecution(
      machines,
      runtime,
      "account",
      runId,
      { trigger: "schedule" },
      { handler },
    );
    assert.ok(killed, "the snapshot was taken before the emulator died");
    assert.match(outcome.error?.message ?? "", /AuditFailed/);
    const record = await run(runId);
    assert.equal(record?.status, "FAILED");
    assert.match(record?.error ?? "", /ECONNREFUSED|connect/i);
    assert.equal(await manifest(runId), undefined);
  } finally {
    await audited.stop();
  }
});

test("the network lost mid-run: the execution fails, and its end records the run FAILED with no complete report", async () => {
  const runtime = behindProxy({ maxAttempts: 2 });
  const steps = createAuditStepsHandler(() => runtime);
  // From the Audit state on, every connection is reset: nothing, not even "record FAILED", gets through.
  const handler = ((payload: { step: string }, context: never) => {
    if (payload.step === "audit") proxy.plan = () => "reset";
    return steps(payload, context);
  }) as typeof steps;
  const runId = randomUUID();
  const executionId = `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:auditrun:${runId}`;
  const outcome = await driveExecution(
    machines,
    runtime,
    "account",
    runId,
    { trigger: "schedule" },
    { handler, executionId },
  );
  proxy.plan = () => "pass";
  assert.ok(outcome.error, "the execution itself fails");
  assert.equal((await run(runId))?.status, "RUNNING", "nothing could record the failure yet");
  // The network is back; EventBridge reports the failed execution.
  const ended = createExecutionEndedHandler(() => direct);
  const event = (arn: string, status: string) =>
    ({
      id: randomUUID(),
      version: "0",
      account: LAMBDA_ACCOUNT,
      time: new Date().toISOString(),
      region: "us-east-1",
      resources: [arn],
      source: "aws.states",
      "detail-type": "Step Functions Execution Status Change",
      detail: {
        executionArn: arn,
        name: runId,
        status,
        error: "States.TaskFailed",
        cause: "connection reset",
      },
    }) as never;
  // Another execution of the same name (a duplicate) ending does not touch this run.
  await ended(event(`${executionId}-duplicate`, "FAILED"), lambdaContext("whittle-execution-ended"));
  assert.equal((await run(runId))?.status, "RUNNING");
  await ended(event(executionId, "FAILED"), lambdaContext("whittle-execution-ended"));
  const record = await run(runId);
  assert.equal(record?.status, "FAILED");
  assert.match(record?.error ?? "", /ExecutionFailed: States.TaskFailed/);
  assert.equal(await manifest(runId), undefined);
});

test("an execution that times out is recorded FAILED with the reason", async () => {
  const runId = randomUUID();
  const executionId = `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:auditrun:${runId}`;
  await createAuditStepsHandler(() => direct)(
    {
      step: "record",
      runId,
      executionId,
      executionStart: new Date().toISOString(),
      input: { trigger: "schedule" },
    },
    lambdaContext("whittle-audit-steps"),
  );
  await createExecutionEndedHandler(() => direct)(
    {
      id: randomUUID(),
      version: "0",
      account: LAMBDA_ACCOUNT,
      time: new Date().toISOString(),
      region: "us-east-1",
      resources: [executionId],
      source: "aws.states",
      "detail-type": "Step Functions Execution Status Change",
      detail: { executionArn: executionId, name: runId, status: "TIMED_OUT", error: null, cause: null },
    },
    lambdaContext("whittle-execution-ended"),
  );
  const record = await run(runId);
  assert.equal(record?.status, "FAILED");
  assert.match(record?.error ?? "", /ExecutionTimedOut/);
});
