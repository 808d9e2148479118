import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { Report } from "../../core/engine/report/schema.js";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import type { Runtime } from "../../functions/runtime.js";
import { driveExecution, type Machines } from "../helpers/drive-audit.js";
import { deliverDemoTrail, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { mainPath, stateMachines, type Trace } from "../helpers/state-machine.js";
import { synthWhittle } from "../helpers/synth.js";

const DAYS = ["2026/11/19", "2026/11/20", "2026/11/21"];
const INPUT = { trigger: "api", days: 3 } as const;
/** Runs start at midnight: the 3-day window is exactly the 3 delivered days. */
const midnight = () => new Date("2026-11-22T00:00:00.000Z");

let machines: Machines;
let moto: MotoServer;
before(async () => {
  const { template, placeholders } = await synthWhittle({ WHITTLE_TRAIL_BUCKET: "org-trail-logs" });
  const found = stateMachines(template, placeholders);
  machines = { account: found.AuditRun!, organization: found.AuditOrganization! };
  moto = await startMoto();
  await deployToMoto(moto);
  assert.ok((await deliverDemoTrail(moto, DAYS)) > 0);
});
after(() => moto.stop());

describe("the synthesized fan-out", () => {
  test("a run lists the partitions, then a Distributed Map reads them with bounded concurrency", () => {
    const run = machines.account;
    assert.deepEqual(mainPath(run), [
      "RecordRun",
      "Snapshot",
      "StartLastAccessed",
      "LastAccessedPending",
      "PlanPartitions",
      "EachPartition",
      "Audit",
      "Lifecycle",
      "Complete",
    ]);
    const map = run.States.EachPartition! as typeof run.States.EachPartition & {
      ItemProcessor: { ProcessorConfig?: { Mode?: string; ExecutionType?: string } };
    };
    assert.equal(map.Type, "Map");
    assert.equal(map.MaxConcurrency, 10);
    assert.equal(map.ItemProcessor.ProcessorConfig?.Mode, "DISTRIBUTED");
    assert.match(map.ItemReader?.Resource ?? "", /:states:::s3:getObject$/);
    assert.equal(map.Catch?.[0]?.Next, "RecordFailed");
    const read = map.ItemProcessor.States.ReadPartition!;
    assert.equal(read.Catch?.[0]?.Next, "PartitionFailed");
    assert.equal(read.ResultPath, "$", "a child's output is the step's empty result");
  });
});

async function report(runtime: Runtime, runId: string): Promise<Report> {
  const found = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId });
  assert.ok(found, `run ${runId} has a report`);
  return found;
}

/** The same audit read straight from the bucket, one invocation (no partitions in the run). */
async function direct(runtime: Runtime): Promise<Report> {
  const handler = createAuditStepsHandler(() => runtime);
  const context = lambdaContext("whittle-audit-steps");
  const runId = randomUUID();
  const run = await handler(
    {
      step: "record",
      runId,
      executionId: `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:direct:${runId}`,
      executionStart: "2026-11-22T00:00:00.000Z",
      input: INPUT,
    },
    context,
  );
  await handler({ step: "snapshot", run }, context);
  await handler({ step: "audit", run }, context);
  return report(runtime, runId);
}

describe("a deployed run over the trail bucket, against moto", () => {
  test("each day/region partition is read in its own invocation; the merge gives the direct read's verdicts", async () => {
    const runtime = motoRuntime(moto, {}, { clock: midnight });
    const runId = randomUUID();
    const trace: Trace[] = [];
    const outcome = await driveExecution(machines, runtime, "account", runId, INPUT, { trace });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    const reads = trace.filter((t) => t.state === "ReadPartition" && t.payload);
    // The day after the window's too: it holds the deliveries of the window's last minutes.
    assert.equal(reads.length, (DAYS.length + 1) * 2, "3 days and the next × 2 regions");
    const fanned = await report(runtime, runId);
    const [coverage] = fanned.coverage ?? [];
    assert.equal(coverage?.complete, true);
    assert.deepEqual(coverage?.regions, ["eu-west-1", "us-east-1"]);
    assert.deepEqual(coverage?.accounts, [LAMBDA_ACCOUNT]);

    const plain = await direct(motoRuntime(moto, {}, { clock: midnight }));
    const verdicts = (r: Report) => r.principals.map((p) => `${p.arn} ${p.usage} ${p.observedActions}`);
    assert.deepEqual(verdicts(fanned), verdicts(plain));
    assert.ok(fanned.principals.some((p) => p.usage === "used"));
    assert.deepEqual(
      fanned.recommendations.map((r) => [r.principalArn, r.observedActions]),
      plain.recommendations.map((r) => [r.principalArn, r.observedActions]),
    );
  });

  test("a partition that fails past its retries is a recorded failure: the run says what it could not read", async () => {
    const runtime = motoRuntime(moto, {}, { clock: midnight });
    const steps = createAuditStepsHandler(() => runtime);
    const handler = (async (payload: unknown, context: Parameters<typeof steps>[1]) => {
      const event = payload as { step?: string; partition?: { region: string; day: string } };
      if (
        event.step === "partition" &&
        event.partition?.region === "eu-west-1" &&
        event.partition.day === DAYS[1]
      )
        throw new Error("Access Denied");
      return steps(payload, context);
    }) as unknown as typeof steps;
    const runId = randomUUID();
    const outcome = await driveExecution(machines, runtime, "account", runId, INPUT, { handler });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    const { coverage = [], principals } = await report(runtime, runId);
    assert.equal(coverage[0]?.complete, false);
    assert.deepEqual(
      coverage[0]?.failures.map((f) => f.what),
      [`s3://org-trail-logs/AWSLogs/${LAMBDA_ACCOUNT}/CloudTrail/eu-west-1/${DAYS[1]}/`],
    );
    assert.match(coverage[0]?.failures[0]?.message ?? "", /Access Denied/);
    assert.deepEqual(
      principals.filter((p) => p.usage === "unused").map((p) => p.arn),
      [],
      "without the whole window read, silence proves nothing",
    );
  });
});
