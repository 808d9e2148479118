import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { enabledRegions } from "../../core/aws/account-regions.js";
import type { ActivityItem } from "../../core/engine/activity/types.js";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import { loadConfig } from "../../functions/config.js";
import { createRuntime, type Runtime } from "../../functions/runtime.js";
import { activitySources } from "../../functions/sources.js";
import { DEPLOYMENT, deliverRecord, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  await deliverRecord(moto, LAMBDA_ACCOUNT);
});
after(() => moto.stop());

const RUN = { runId: randomUUID(), trigger: "api", startedAt: "2026-11-02T00:00:00Z" } as const;
const window = { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z", days: 1 };

/** Every item the runtime's deployed sources yield (moto answers LookupEvents "not implemented"). */
async function readAll(runtime: Runtime): Promise<ActivityItem[]> {
  const items: ActivityItem[] = [];
  for (const source of activitySources(runtime, runtime.clients, RUN))
    for await (const batch of source.read(window)) items.push(...batch);
  return items;
}

/** moto answers LookupEvents with a 500 ("not implemented"): one attempt per region, not eight. */
function lookupRuntime(env: Record<string, string>): Runtime {
  const config = loadConfig({
    TABLE_NAME: DEPLOYMENT.table,
    BUCKET_NAME: DEPLOYMENT.bucket,
    ACTIVITY_SOURCE: "lookup-events",
    ...env,
  });
  return createRuntime(config, { ...moto.connection, maxAttempts: 1 });
}

const regionsTried = (items: ActivityItem[]) =>
  items.flatMap((i) => (i.kind === "warning" ? [i.warning.origin.replace("LookupEvents ", "")] : []));

test("deployed LookupEvents reads every region enabled for the account", async () => {
  const runtime = lookupRuntime({});
  const items = await readAll(runtime);
  const enabled = await enabledRegions(runtime.clients.ec2);
  assert.ok(enabled.length > 10, enabled.join(","));
  assert.deepEqual(regionsTried(items), enabled);
  // No region answered: the extent says the window was not read whole.
  assert.deepEqual(items.at(-1), { kind: "extent", extent: { regions: [], complete: false } });
});

test("deployed LookupEvents reads only the configured regions when given", async () => {
  const runtime = motoRuntime(moto, {
    ACTIVITY_SOURCE: "lookup-events",
    LOOKUP_REGIONS: "eu-west-1,us-east-1",
  });
  assert.deepEqual(regionsTried(await readAll(runtime)), ["eu-west-1", "us-east-1"]);
});

test("a deployed run counts on none of the data events a trail started inside its window selects", async () => {
  await moto.clients.cloudtrail.send(new CreateTrailCommand({ Name: "org", S3BucketName: DEPLOYMENT.trail }));
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "org",
      AdvancedEventSelectors: [
        { Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
        {
          Name: "queues",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::SQS::Queue"] },
          ],
        },
      ],
    }),
  );
  // moto creates a trail not logging, as CloudTrail's API does: one never started records nothing.
  // Started just now, it recorded no queue's calls in the window before (reading its selectors:
  // test/aws/cloudtrail-event-selectors.test.ts).
  await moto.clients.cloudtrail.send(new StartLoggingCommand({ Name: "org" }));
  const report = await deployedRun();
  assert.deepEqual(
    report?.coverage?.map((c) => c.loggedDataEvents),
    [[]],
  );
  assert.ok(
    report?.sources.problems?.some(
      (p) =>
        p.code === "trail-not-logging" &&
        p.origin.endsWith(":trail/org") &&
        /logs only since/.test(p.message),
    ),
    JSON.stringify(report?.sources.problems),
  );
});

test("a deployed run counts on none of the data events a stopped trail selects", async () => {
  await moto.clients.cloudtrail.send(new StopLoggingCommand({ Name: "org" }));
  const report = await deployedRun();
  assert.deepEqual(
    report?.coverage?.map((c) => c.loggedDataEvents),
    [[]],
  );
  assert.ok(
    report?.sources.problems?.some((p) => p.code === "trail-not-logging" && p.origin.endsWith(":trail/org")),
    JSON.stringify(report?.sources.problems),
  );
});

/** One deployed run of the account's audit through its steps, and its report. */
async function deployedRun() {
  const runtime = motoRuntime(moto);
  const handler = createAuditStepsHandler(() => runtime);
  const context = lambdaContext("whittle-audit-steps");
  const runId = randomUUID();
  const run = await handler(
    {
      step: "record",
      runId,
      executionId: `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:run:${runId}`,
      executionStart: new Date().toISOString(),
      input: { trigger: "api" },
    },
    context,
  );
  await handler({ step: "snapshot", run }, context);
  const result = (await handler({ step: "audit", run }, context)) as { accountId: string };
  return runtime.reports.getReport({ accountId: result.accountId, runId });
}
