import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, test } from "node:test";
import type { IAMClient } from "@aws-sdk/client-iam";
import { readLastAccessedJob } from "../../core/aws/iam-last-accessed.js";
import { deserializeSnapshot } from "../../core/engine/snapshot/serialize.js";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import type { Runtime } from "../../functions/runtime.js";
import { SNAPSHOT } from "../../functions/steps/audit-steps.js";
import { JOB_LIMIT_MINUTES } from "../../functions/steps/last-accessed.js";
import { driveExecution, type Machines } from "../helpers/drive-audit.js";
import { deliverDemoTrail, demoClock, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type RecordedIam, startRecordedIam } from "../helpers/last-accessed-server.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { synthesizedMachines } from "../helpers/orchestration.js";

let moto: MotoServer;
let recorded: RecordedIam;
let machines: Machines;
before(async () => {
  machines = await synthesizedMachines();
  moto = await startMoto();
  await deployToMoto(moto);
  await deliverDemoTrail(moto, ["2026/11/20"]);
  recorded = await startRecordedIam();
});
after(async () => {
  await recorded.close();
  await moto.stop();
});
beforeEach(() => recorded.reset());

const LAST_ACCESSED = new Set([
  "GenerateServiceLastAccessedDetailsCommand",
  "GetServiceLastAccessedDetailsCommand",
]);

/**
 * The audited account is moto's, except for the two last-accessed calls moto does not implement,
 * which the recorded server answers; `clock` lets a test move time past the jobs' limit.
 */
function runtimeWithJobs(clock: () => Date = demoClock()): Runtime {
  const iam = {
    send: (command: { constructor: { name: string } }) =>
      (LAST_ACCESSED.has(command.constructor.name) ? recorded.iam : moto.clients.iam).send(command as never),
  } as unknown as IAMClient;
  return motoRuntime(moto, {}, { clock, clients: { iam }, collector: { lastAccessed: true } });
}

const storedSnapshot = async (runtime: Runtime, runId: string) =>
  deserializeSnapshot(await runtime.reports.getWork(runId, SNAPSHOT), SNAPSHOT);

test("the jobs are started by one state and collected by a later one, through the definition's wait loop", async () => {
  recorded.behaviour.pendingPolls = 2;
  const runtime = runtimeWithJobs();
  const runId = randomUUID();
  const outcome = await driveExecution(machines, runtime, "account", runId, { trigger: "schedule" });
  assert.equal(outcome.error, undefined, String(outcome.error));
  const entered = outcome.trace.filter((t) => t.payload || !t.error).map((t) => t.state);
  assert.deepEqual(entered.slice(0, 4), [
    "RecordRun",
    "Snapshot",
    "StartLastAccessed",
    "LastAccessedPending",
  ]);
  assert.equal(entered.filter((s) => s === "StartLastAccessed").length, 1);
  // Two looks find every job running, the third finds them done: three waits, three collections.
  assert.equal(entered.filter((s) => s === "WaitForLastAccessed").length, 3);
  assert.equal(entered.filter((s) => s === "CollectLastAccessed").length, 3);
  assert.equal(entered.at(-3), "Audit");

  const snapshot = await storedSnapshot(runtime, runId);
  const arns = [...snapshot.users, ...snapshot.groups, ...snapshot.roles].map((p) => p.arn);
  assert.ok(arns.length > 10);
  // Every job was started before any was read, and no invocation read a job twice (no polling inside).
  const firstRead = recorded.calls.indexOf("GetServiceLastAccessedDetails");
  assert.equal(recorded.calls.slice(0, firstRead).length, arns.length);
  assert.ok(recorded.calls.slice(0, firstRead).every((c) => c === "GenerateServiceLastAccessedDetails"));
  assert.equal(recorded.calls.length - firstRead, 3 * arns.length);
  assert.deepEqual(Object.keys(snapshot.lastAccessed).sort(), [...arns].sort());
  const [arn, jobId] = [...recorded.jobs][0] ?? [];
  assert.deepEqual(snapshot.lastAccessed[arn ?? ""], await readLastAccessedJob(recorded.iam, jobId ?? ""));
  assert.equal((await runtime.findings.getRun(runId))?.status, "SUCCEEDED");
});

test("a job still running past its limit becomes a warning, and the run goes on", async () => {
  recorded.behaviour.pendingPolls = 1_000_000;
  let now = Date.parse("2026-11-22T00:00:00Z");
  const runtime = runtimeWithJobs(() => new Date(now));
  const steps = createAuditStepsHandler(() => runtime);
  const context = lambdaContext("whittle-audit-steps");
  const runId = randomUUID();
  const run = await steps(
    {
      step: "record",
      runId,
      executionId: `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:auditrun:${runId}`,
      executionStart: new Date(now).toISOString(),
      input: { trigger: "schedule" },
    },
    context,
  );
  await steps({ step: "snapshot", run }, context);
  const started = (await steps({ step: "last-accessed-start", run }, context)) as { pending: number };
  assert.ok(started.pending > 10);
  assert.deepEqual(await steps({ step: "last-accessed-collect", run }, context), started);
  now += (JOB_LIMIT_MINUTES + 1) * 60_000;
  assert.deepEqual(await steps({ step: "last-accessed-collect", run }, context), { pending: 0 });
  const snapshot = await storedSnapshot(runtime, runId);
  assert.deepEqual(snapshot.lastAccessed, {});
  const late = snapshot.warnings.filter((w) => /still in progress after 20 minutes/.test(w));
  assert.equal(late.length, started.pending);
  // Collecting again (a retried state) changes nothing.
  await steps({ step: "last-accessed-collect", run }, context);
  assert.deepEqual((await storedSnapshot(runtime, runId)).warnings, snapshot.warnings);
});

test("against moto, which lacks the API, one warning says so and no state waits", async () => {
  const runtime = motoRuntime(moto, {}, { clock: demoClock(), collector: { lastAccessed: true } });
  const runId = randomUUID();
  const outcome = await driveExecution(machines, runtime, "account", runId, { trigger: "schedule" });
  assert.equal(outcome.error, undefined, String(outcome.error));
  assert.ok(
    !outcome.trace.some((t) => t.state === "WaitForLastAccessed" || t.state === "CollectLastAccessed"),
  );
  const report = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId });
  const unavailable = report?.sources.warnings.filter((w) => /last-accessed data is unavailable/.test(w));
  assert.equal(unavailable?.length, 1);
});
