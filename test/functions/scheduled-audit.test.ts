import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DetachRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { clientConfig } from "../../core/aws/clients.js";
import type { FindingStatus, StoredFinding } from "../../core/aws/stores/index.js";
import type { Runtime } from "../../functions/runtime.js";
import { createScheduledAuditHandler } from "../../functions/scheduled-audit.js";
import { driveExecution } from "../helpers/drive-audit.js";
import { DEPLOYMENT, deliverRecord, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext, scheduledEvent } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { deployMachines } from "../helpers/orchestration.js";

let moto: MotoServer;
let orchestration: Awaited<ReturnType<typeof deployMachines>>;
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  orchestration = await deployMachines(moto);
  await deliverRecord(moto, LAMBDA_ACCOUNT);
});
after(() => moto.stop());

const context = lambdaContext("whittle-scheduled-audit");
const adminRole = `arn:aws:iam::${LAMBDA_ACCOUNT}:role/legacy-admin`;

/**
 * Runs the handler, then the execution it started through the synthesized state machine, while
 * collecting the EMF lines Powertools Metrics prints to stdout.
 */
async function invoke(runtime: Runtime, event = scheduledEvent()) {
  const handler = createScheduledAuditHandler(() => runtime);
  const emitted: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = chunk.toString();
    if (text.includes('"_aws"')) for (const line of text.trim().split("\n")) emitted.push(JSON.parse(line));
    else return write(chunk, ...rest);
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await handler(event, context);
    const [execution] = await orchestration.runStarted(runtime);
    return { result, execution, emitted, event };
  } catch (error) {
    return { error: error as Error, emitted, event };
  } finally {
    process.stdout.write = write;
  }
}

/** Every stored finding of one status, across pages. */
async function stored(runtime: Runtime, status: FindingStatus): Promise<StoredFinding[]> {
  const items: StoredFinding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await runtime.findings.queryFindings({
      accountId: LAMBDA_ACCOUNT,
      status,
      ...(nextToken ? { nextToken } : {}),
    });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

test("a scheduled run writes a complete report to S3, findings to DynamoDB, and metrics", async () => {
  const runtime = motoRuntime(moto, orchestration.env);
  const { result, emitted, event, execution } = await invoke(runtime);
  assert.deepEqual(result, { mode: "account", runId: event.id });
  assert.equal(execution?.name, event.id, "the execution is named by the run id");
  assert.equal(execution?.error, undefined);
  const run = await runtime.findings.getRun(event.id);
  assert.equal(run?.status, "SUCCEEDED");
  assert.equal(run?.trigger, "schedule");
  assert.equal(run?.accountId, LAMBDA_ACCOUNT);
  const manifest = await runtime.reports.getManifest({ accountId: LAMBDA_ACCOUNT, runId: event.id });
  assert.deepEqual(
    manifest?.parts
      .filter((p) => p.name.startsWith("report."))
      .map((p) => p.name)
      .sort(),
    ["report.html", "report.json", "report.md"],
  );
  const report = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId: event.id });
  assert.equal(run?.counts?.critical, report?.summary.findings.critical);
  // The stored page packs its long texts as the CLI's does.
  const keys = await moto.clients.s3.send(
    new ListObjectsV2Command({ Bucket: DEPLOYMENT.bucket, Prefix: `reports/${LAMBDA_ACCOUNT}/${event.id}/` }),
  );
  const pageKey = keys.Contents?.find((o) => o.Key?.endsWith("/report.html"))?.Key;
  const page = await moto.clients.s3.send(new GetObjectCommand({ Bucket: DEPLOYMENT.bucket, Key: pageKey }));
  assert.match(await page.Body!.transformToString(), /data-packed="H4sI/);

  const open = await stored(runtime, "open");
  const suppressed = await stored(runtime, "suppressed");
  assert.ok(open.length > 0);
  assert.equal(open.length + suppressed.length, new Set(report?.findings.map((f) => f.id)).size);
  assert.ok(open.some((f) => f.kind === "admin-access" && f.principalArn === adminRole));

  const names = emitted.flatMap((line) =>
    (
      (line._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]?.Metrics ??
      []
    ).map((m) => m.Name),
  );
  for (const metric of ["Findings", "AuditDuration", "EventsProcessed"])
    assert.ok(names.includes(metric), metric);
  const critical = emitted.find((line) => line.severity === "critical");
  assert.equal(critical?.Findings, report?.summary.findings.critical);
});

test("a second run after fixing a problem marks that finding resolved and keeps the others open", async () => {
  const runtime = motoRuntime(moto, orchestration.env);
  const first = await invoke(runtime);
  assert.ok(first.result);
  const admin = (
    await runtime.findings.queryFindings({
      accountId: LAMBDA_ACCOUNT,
      status: "open",
      kind: "admin-access",
      principalArn: adminRole,
      limit: 100,
    })
  ).items;
  assert.equal(admin.length, 1);
  await moto.clients.iam.send(
    new DetachRolePolicyCommand({
      RoleName: "legacy-admin",
      PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
  );

  const second = await invoke(runtime);
  assert.ok(second.result);
  const resolved = await runtime.findings.queryFindings({
    accountId: LAMBDA_ACCOUNT,
    status: "resolved",
    limit: 100,
  });
  const fixed = resolved.items.find((f) => f.id === admin[0]?.id);
  assert.equal(fixed?.resolvedBy, second.event.id);
  const stillOpen = await runtime.findings.queryFindings({
    accountId: LAMBDA_ACCOUNT,
    status: "open",
    limit: 100,
  });
  assert.ok(stillOpen.items.length > 0);
  assert.ok(stillOpen.items.every((f) => f.runId === second.event.id));
  assert.equal(await runtime.findings.latestRun(LAMBDA_ACCOUNT), second.event.id);
});

test("a failing IAM endpoint marks the run FAILED with its error and leaves no complete report", async () => {
  const closed = new IAMClient({
    ...clientConfig(moto.connection),
    endpoint: "http://127.0.0.1:9",
    maxAttempts: 1,
  });
  const runtime = motoRuntime(moto, orchestration.env, { clients: { iam: closed } });
  const { execution, event } = await invoke(runtime);
  assert.match(execution?.error?.message ?? "", /AuditFailed/);
  const run = await runtime.findings.getRun(event.id);
  assert.equal(run?.status, "FAILED");
  assert.match(run?.error ?? "", /iam:|ECONNREFUSED|IamCollectionError/i);
  assert.ok(run?.finishedAt);
  assert.equal(await runtime.reports.getManifest({ accountId: LAMBDA_ACCOUNT, runId: event.id }), undefined);
  const listed = await moto.clients.s3.send(
    new ListObjectsV2Command({ Bucket: DEPLOYMENT.bucket, Prefix: `reports/${LAMBDA_ACCOUNT}/${event.id}/` }),
  );
  assert.equal(listed.KeyCount ?? 0, 0);
  // Another execution of the same run id cannot restart the failed run, nor change its record.
  const again = await driveExecution(
    orchestration.machines,
    runtime,
    "account",
    event.id,
    { trigger: "schedule" },
    {
      executionId: "another-execution",
    },
  );
  assert.match(again.error?.message ?? "", /AuditFailed/);
  assert.deepEqual(
    again.trace.map((t) => t.state),
    ["RecordRun", "RecordRun", "RecordFailed"],
    "nothing past the record step ran",
  );
  assert.deepEqual(await runtime.findings.getRun(event.id), run);
});

test("a trail prefix that lists nothing fails the run instead of calling everything unused", async () => {
  const runtime = motoRuntime(moto, { ...orchestration.env, TRAIL_PREFIX: "no-such-prefix" });
  const { execution, event } = await invoke(runtime);
  assert.match(execution?.error?.message ?? "", /AuditFailed/);
  const run = await runtime.findings.getRun(event.id);
  assert.equal(run?.status, "FAILED");
  assert.match(run?.error ?? "", /NoActivityError: no readable CloudTrail record/);
});
