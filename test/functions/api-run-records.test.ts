import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createApiHandler } from "../../functions/api.js";
import type { AuditRequest, AuditStarter } from "../../functions/audit-starter.js";
import type { Runtime } from "../../functions/runtime.js";
import { driveExecution, type Machines } from "../helpers/drive-audit.js";
import {
  DEMO_TRAIL_DAYS,
  DEMO_WINDOW_DAYS,
  deliverDemoTrail,
  demoClock,
  demoTrailCloudTrail,
  deployToMoto,
  motoRuntime,
} from "../helpers/function-runtime.js";
import { type HttpRequest, httpEvent, LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { synthesizedMachines } from "../helpers/orchestration.js";

let moto: MotoServer;
let base: Runtime;
let machines: Machines;
before(async () => {
  machines = await synthesizedMachines();
  moto = await startMoto();
  await deployToMoto(moto);
  await deliverDemoTrail(moto, DEMO_TRAIL_DAYS);
  base = motoRuntime(moto, {}, { clock: demoClock(), clients: { cloudtrail: demoTrailCloudTrail() } });
});
after(() => moto.stop());

/** A starter that refuses the first `failures` hand-overs (a 503 from the executor) and records the rest. */
function flakyStarter(failures: number): AuditStarter & { started: AuditRequest[] } {
  const started: AuditRequest[] = [];
  let left = failures;
  return {
    started,
    async start(message) {
      if (left-- > 0) throw Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailable" });
      started.push(message);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary fields of the JSON it asserts on.
type ApiBody = Record<string, any>;

async function call(runtime: Runtime, request: HttpRequest) {
  const api = createApiHandler(() => runtime);
  const response = (await api(
    httpEvent(request),
    lambdaContext("whittle-api"),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) as ApiBody };
}

const post = (key: string, body: unknown = {}): HttpRequest => ({
  method: "POST",
  route: "/accounts/{accountId}/audits",
  headers: { "idempotency-key": key },
  body,
});

test("a replay after a 503 re-starts the run that never started, then answers its true state", async () => {
  const starter = flakyStarter(1);
  const runtime = { ...base, starter };
  const key = `replay-${randomUUID()}`;
  const refused = await call(runtime, post(key));
  assert.equal(refused.statusCode, 503);
  assert.equal(refused.headers?.["content-type"], "application/problem+json");
  const runId = refused.json.runId;
  const status = await call(runtime, {
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { id: runId },
  });
  assert.equal(status.json.status, "FAILED", "the record says what happened: it never started");
  const replay = await call(runtime, post(key));
  assert.equal(replay.statusCode, 202);
  assert.deepEqual([replay.json.runId, replay.json.status], [runId, "RUNNING"]);
  assert.deepEqual(starter.started, [{ runId, trigger: "api" }]);
  const { runId: name, ...input } = starter.started[0] as AuditRequest;
  assert.equal((await driveExecution(machines, runtime, "account", name, input)).error, undefined);
  const done = await call(runtime, post(key));
  assert.equal(done.statusCode, 200);
  assert.deepEqual([done.json.runId, done.json.status], [runId, "SUCCEEDED"]);
  assert.equal(starter.started.length, 1, "a finished run is not started again");
});

test("the same Idempotency-Key with another body is a 409 problem+json", async () => {
  const runtime = { ...base, starter: flakyStarter(0) };
  const key = `conflict-${randomUUID()}`;
  assert.equal((await call(runtime, post(key, { days: 30 }))).statusCode, 202);
  const other = await call(runtime, post(key, { days: 7 }));
  assert.equal(other.statusCode, 409);
  assert.equal(other.headers?.["content-type"], "application/problem+json");
  assert.equal(other.json.status, 409);
  assert.equal(runtime.starter.started.length, 1);
});

test("a run still RUNNING past its deadline reads as FAILED with the reason", async () => {
  let now = Date.parse("2026-11-22T00:00:00Z");
  const runtime = { ...base, starter: flakyStarter(0), clock: () => new Date(now) };
  const started = await call(runtime, post(`deadline-${randomUUID()}`));
  const id = started.json.runId;
  now += (runtime.config.runTimeoutMinutes - 1) * 60_000;
  assert.equal(
    (
      await call(runtime, {
        method: "GET",
        route: "/accounts/{accountId}/audits/{id}",
        pathParameters: { id },
      })
    ).json.status,
    "RUNNING",
  );
  now += 2 * 60_000;
  const late = await call(runtime, {
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { id },
  });
  assert.equal(late.json.status, "FAILED");
  assert.match(late.json.error, /DeadlineExceeded/);
});

test("GET .../recommendation serves the latest SUCCEEDED run, never one that failed after its report", async () => {
  const runtime = { ...base, starter: flakyStarter(0) };
  const goodId = randomUUID();
  const good = await driveExecution(machines, runtime, "account", goodId, {
    trigger: "api",
    days: DEMO_WINDOW_DAYS,
  });
  assert.equal(good.error, undefined);
  const report = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId: goodId });
  const arn = report?.recommendations[0]?.principalArn ?? "";
  assert.ok(arn, "a covered window yields recommendations");
  // The next run writes its report and applies its findings, then fails to complete.
  const failing: Runtime = {
    ...runtime,
    findings: Object.assign(Object.create(runtime.findings), {
      completeRun: async () => {
        throw new Error("the table is gone");
      },
    }),
  };
  const badId = randomUUID();
  const bad = await driveExecution(machines, failing, "account", badId, {
    trigger: "api",
    days: DEMO_WINDOW_DAYS,
  });
  assert.match(bad.error?.message ?? "", /AuditFailed/);
  assert.deepEqual(bad.trace.at(-1)?.state, "RecordFailed");
  assert.equal((await runtime.findings.getRun(badId))?.status, "FAILED");
  assert.ok(
    await runtime.reports.getManifest({ accountId: LAMBDA_ACCOUNT, runId: badId }),
    "its report was written",
  );
  const served = await call(runtime, {
    method: "GET",
    route: "/accounts/{accountId}/principals/{arn}/recommendation",
    pathParameters: { arn },
  });
  assert.equal(served.statusCode, 200);
  assert.equal(served.json.runId, goodId);
  assert.equal(await runtime.findings.latestRun(LAMBDA_ACCOUNT), goodId);
});
