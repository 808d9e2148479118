import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig } from "../../core/aws/clients.js";
import { loadConfig } from "../../functions/config.js";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../../functions/runtime.js";
import { createFindingsTable, dynamoClients } from "./findings-table.js";
import type { MotoServer } from "./moto.js";
import { repoRoot } from "./paths.js";
import { seedMotoFromGaad } from "./seed-moto.js";

export const DEPLOYMENT = { bucket: "whittle-reports", trail: "org-trail-logs", table: "whittle-findings" };

/** The deployment's resources in moto (bucket, trail bucket, table, queue) and the demo account's IAM. */
export async function deployToMoto(moto: MotoServer): Promise<{ queueUrl: string }> {
  for (const bucket of [DEPLOYMENT.bucket, DEPLOYMENT.trail])
    await moto.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await createFindingsTable(dynamoClients(moto.connection).dynamodb, DEPLOYMENT.table);
  const sqs = new SQSClient(clientConfig(moto.connection));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "whittle-audits" }));
  const gaad = JSON.parse(readFileSync(join(repoRoot, "demo", "account", "gaad.json"), "utf8"));
  await seedMotoFromGaad(moto.clients, gaad, { accessKeys: { alice: 1, "etl-runner": 1 } });
  return { queueUrl: QueueUrl ?? "" };
}

/**
 * Days of the demo trail that cover a 2-day window ending at the demo clock: a window with a day
 * missing would, rightly, make every principal unknown and leave no recommendation.
 */
export const DEMO_TRAIL_DAYS = ["2026/11/20", "2026/11/21"] as const;
export const DEMO_WINDOW_DAYS = 2;

/** The demo account's trail delivery files of some days (`2026/11/20`) into the trail bucket, as CloudTrail lays them out. */
export async function deliverDemoTrail(moto: MotoServer, days: readonly string[]): Promise<number> {
  const root = join(repoRoot, "demo", "account", "cloudtrail");
  const regions = join(root, "AWSLogs", "123456789012", "CloudTrail");
  let delivered = 0;
  for (const region of readdirSync(regions)) {
    for (const day of days) {
      const dir = join(regions, region, day);
      let files: string[];
      try {
        files = readdirSync(dir);
      } catch {
        continue;
      }
      for (const file of files) {
        const Key = relative(root, join(dir, file));
        await moto.clients.s3.send(
          new PutObjectCommand({ Bucket: DEPLOYMENT.trail, Key, Body: readFileSync(join(dir, file)) }),
        );
        delivered++;
      }
    }
  }
  return delivered;
}

/**
 * One delivery file for an account on the day before `now`: a deployed audit needs a readable
 * trail, since a source with no record fails the run rather than call everything unused.
 */
export async function deliverRecord(moto: MotoServer, accountId: string, now = new Date()): Promise<void> {
  const day = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const record = {
    eventVersion: "1.08",
    eventSource: "sts.amazonaws.com",
    eventName: "GetCallerIdentity",
    eventTime: `${day}T12:00:00Z`,
    awsRegion: "us-east-1",
    recipientAccountId: accountId,
    userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" },
  };
  const Key = `AWSLogs/${accountId}/CloudTrail/us-east-1/${day.replaceAll("-", "/")}/${accountId}_CloudTrail_us-east-1_x.json.gz`;
  await moto.clients.s3.send(
    new PutObjectCommand({
      Bucket: DEPLOYMENT.trail,
      Key,
      Body: gzipSync(JSON.stringify({ Records: [record] })),
    }),
  );
}

/** A clock at the demo account's "now" that moves one second per reading, so runs stay ordered. */
export function demoClock(): () => Date {
  let time = Date.parse("2026-11-22T00:00:00Z");
  return () => {
    time += 1000;
    return new Date(time);
  };
}

/** A runtime as the stack configures it, against moto; collection skips last-accessed jobs moto lacks. */
export function motoRuntime(
  moto: MotoServer,
  env: Record<string, string> = {},
  overrides: RuntimeOverrides = {},
): Runtime {
  const config = loadConfig({
    TABLE_NAME: DEPLOYMENT.table,
    BUCKET_NAME: DEPLOYMENT.bucket,
    ACTIVITY_SOURCE: "trail-bucket",
    TRAIL_BUCKET: DEPLOYMENT.trail,
    WHITTLE_VERSION: "0.1.0-test",
    ...env,
  });
  return createRuntime(config, moto.connection, {
    collector: { lastAccessed: false, poll: { intervalMs: 10, timeoutMs: 5000 } },
    ...overrides,
  });
}

/**
 * CloudTrail as the demo account's describes its trail (demo/account/trail.json and
 * event-selectors.json), delivering to the trail bucket and logging since before any demo window:
 * moto has no such trail, and a trail bucket whose trail cannot be described is counted on for
 * nothing, leaving a deployed run no recommendation.
 */
export function demoTrailCloudTrail(): Runtime["clients"]["cloudtrail"] {
  const read = (name: string) => JSON.parse(readFileSync(join(repoRoot, "demo", "account", name), "utf8"));
  const { trailList } = read("trail.json") as { trailList: Record<string, unknown>[] };
  const selectors = read("event-selectors.json");
  const answer = async (command: object) => {
    if (command instanceof DescribeTrailsCommand)
      return { trailList: trailList.map((t) => ({ ...t, S3BucketName: DEPLOYMENT.trail })) };
    if (command instanceof GetEventSelectorsCommand) return selectors;
    if (command instanceof GetTrailStatusCommand)
      return { IsLogging: true, StartLoggingTime: new Date("2026-01-01T00:00:00Z") };
    throw new Error(`the demo trail's CloudTrail does not answer ${command.constructor.name}`);
  };
  return { send: answer } as unknown as Runtime["clients"]["cloudtrail"];
}
