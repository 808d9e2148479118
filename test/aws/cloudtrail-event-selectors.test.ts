import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  type DescribeTrailsCommandOutput,
  PutEventSelectorsCommand,
} from "@aws-sdk/client-cloudtrail";
import { EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { trailLoggingFrom } from "../../cli/activity-sources.js";
import { enabledRegions } from "../../core/aws/account-regions.js";
import { type AwsConnection, clientConfig } from "../../core/aws/clients.js";
import { readTrailLogging } from "../../core/aws/cloudtrail-event-selectors.js";
import { cloudTrailS3Source } from "../../core/aws/cloudtrail-s3-source.js";
import { DEFAULT_REGIONS } from "../../core/engine/activity/shown-regions.js";
import { runAudit } from "../../core/engine/audit.js";
import type { Report } from "../../core/engine/report/schema.js";
import { roleSession } from "../helpers/audit-fixture.js";
import { catalog } from "../helpers/catalog.js";
import { READS_BUT_KMS_ADVANCED, READS_BUT_KMS_BASIC } from "../helpers/event-selectors.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../helpers/snapshot-fixture.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

async function trail(name: string) {
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: `${name}-logs` }));
  await moto.clients.cloudtrail.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs` }));
}

test("a trail with default selectors logs management events only", async () => {
  await moto.reset();
  await trail("default");
  const [logging] = await readTrailLogging(moto.clients.cloudtrail);
  assert.deepEqual(logging?.management, { read: { excludedSources: [] }, write: { excludedSources: [] } });
  assert.deepEqual(logging?.data, []);
});

test("a trail with custom selectors whose answer lists none is counted on for nothing", async () => {
  const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/data-only";
  const answers: Record<string, object> = {
    DescribeTrailsCommand: {
      trailList: [
        { Name: "data-only", TrailARN: arn, IsMultiRegionTrail: true, HasCustomEventSelectors: true },
      ],
    },
    GetEventSelectorsCommand: { TrailARN: arn, EventSelectors: [] },
    GetTrailStatusCommand: { IsLogging: true, StartLoggingTime: new Date("2020-01-01T00:00:00Z") },
  };
  const client = { send: async (command: object) => answers[command.constructor.name] ?? {} };
  const [logging] = await readTrailLogging(client as never);
  assert.deepEqual(logging?.management, { read: false, write: false });
  assert.deepEqual(logging?.data, []);
});

test("a trail described without custom selectors whose answer lists none logs every management event", async () => {
  const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/plain";
  const answers: Record<string, object> = {
    DescribeTrailsCommand: {
      trailList: [{ Name: "plain", TrailARN: arn, IsMultiRegionTrail: true, HasCustomEventSelectors: false }],
    },
    GetEventSelectorsCommand: { TrailARN: arn, EventSelectors: [] },
    GetTrailStatusCommand: { IsLogging: true, StartLoggingTime: new Date("2020-01-01T00:00:00Z") },
  };
  const client = { send: async (command: object) => answers[command.constructor.name] ?? {} };
  const [logging] = await readTrailLogging(client as never);
  assert.equal(logging?.trail, arn);
  assert.deepEqual(logging?.management, { read: { excludedSources: [] }, write: { excludedSources: [] } });
});

test("basic selectors: S3 objects of every bucket, write only", async () => {
  await moto.reset();
  await trail("basic");
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "basic",
      EventSelectors: [
        {
          ReadWriteType: "WriteOnly",
          IncludeManagementEvents: true,
          DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }],
        },
      ],
    }),
  );
  const [logging] = await readTrailLogging(moto.clients.cloudtrail);
  assert.deepEqual(logging?.data, [{ type: "AWS::S3::Object", read: false, write: true, resources: "all" }]);
  assert.match(logging?.trail ?? "", /basic/);
});

test("advanced selectors: SQS data events on every queue", async () => {
  await moto.reset();
  await trail("advanced");
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "advanced",
      AdvancedEventSelectors: [
        { Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
        {
          Name: "sqs",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::SQS::Queue"] },
          ],
        },
      ],
    }),
  );
  const [logging] = await readTrailLogging(moto.clients.cloudtrail);
  assert.deepEqual(logging?.data, [{ type: "AWS::SQS::Queue", read: true, write: true, resources: "all" }]);
  assert.deepEqual(logging?.management, { read: { excludedSources: [] }, write: { excludedSources: [] } });
});

test("KMS excluded from read management events only, with basic or advanced selectors: writes keep KMS", async () => {
  await moto.reset();
  await trail("basic-reads");
  await trail("advanced-reads");
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "basic-reads",
      ...READS_BUT_KMS_BASIC,
    }),
  );
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "advanced-reads",
      ...READS_BUT_KMS_ADVANCED,
    }),
  );
  const logging = await readTrailLogging(moto.clients.cloudtrail);
  assert.equal(logging.length, 2);
  for (const l of logging)
    assert.deepEqual(
      l.management,
      { read: { excludedSources: ["kms.amazonaws.com"] }, write: { excludedSources: [] } },
      l.trail,
    );
});

test("a single-region trail records its home region alone; a multi-region trail, every region", async () => {
  await moto.reset();
  await trail("home");
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "everywhere-logs" }));
  await moto.clients.cloudtrail.send(
    new CreateTrailCommand({ Name: "everywhere", S3BucketName: "everywhere-logs", IsMultiRegionTrail: true }),
  );
  const logging = await readTrailLogging(moto.clients.cloudtrail);
  const of = (name: string) => logging.find((l) => l.trail?.endsWith(`/${name}`) || l.trail === name);
  assert.deepEqual(of("home")?.regions, ["us-east-1"]);
  assert.equal(of("everywhere")?.regions, undefined);
  // Its own changes are recorded in its home region alone: a copy without it is not counted on.
  assert.equal(of("everywhere")?.home, "us-east-1");
});

test("a single-region trail created without global service events says so", async () => {
  await moto.reset();
  await trail("home");
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "local-logs" }));
  await moto.clients.cloudtrail.send(
    new CreateTrailCommand({ Name: "local", S3BucketName: "local-logs", IncludeGlobalServiceEvents: false }),
  );
  const logging = await readTrailLogging(moto.clients.cloudtrail);
  const of = (name: string) => logging.find((l) => l.trail?.endsWith(`/${name}`) || l.trail === name);
  assert.equal(of("local")?.globalServiceEvents, false);
  assert.equal(of("home")?.globalServiceEvents, undefined);
});

test("a single-region trail whose description does not say it records global service events is taken to record none", async () => {
  await moto.reset();
  await trail("home");
  // moto always answers the field; AWS's Trail type does not promise it.
  const silent = {
    send: async (command: object) => {
      const out = await moto.clients.cloudtrail.send(command as never);
      if (command instanceof DescribeTrailsCommand)
        for (const t of (out as DescribeTrailsCommandOutput).trailList ?? [])
          delete t.IncludeGlobalServiceEvents;
      return out;
    },
  };
  const [home] = await readTrailLogging(silent as never);
  assert.deepEqual(home?.regions, ["us-east-1"]);
  assert.equal(home?.globalServiceEvents, false);
});

test("a trail bucket read alone is judged by the trails delivering to it, not by another trail's data events", async () => {
  // A common split: every management event into one bucket, S3 object events into a bucket of
  // their own. Reading the first, the object events the second logs are never seen: counted as
  // logged, a role reading its bucket daily looked unused.
  await moto.reset();
  await trail("management");
  await trail("objects");
  await moto.clients.cloudtrail.send(
    new PutEventSelectorsCommand({
      TrailName: "objects",
      EventSelectors: [
        {
          ReadWriteType: "All",
          IncludeManagementEvents: false,
          DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }],
        },
      ],
    }),
  );
  const read = (url: string) => trailLoggingFrom({ cloudtrailS3: [url] }, moto.connection);
  const types = (logging: Awaited<ReturnType<typeof read>>) =>
    (logging ?? []).flatMap((l) => l.data.map((d) => d.type));
  assert.deepEqual(types(await read("s3://management-logs")), []);
  assert.deepEqual(types(await read("s3://objects-logs")), ["AWS::S3::Object"]);
});

test("the account's enabled regions come from ec2:DescribeRegions", async () => {
  const regions = await enabledRegions(new EC2Client(clientConfig(moto.connection)));
  assert.ok(regions.includes("us-east-1") && regions.includes("eu-west-1"), regions.join(","));
});

describe("--cloudtrail-s3 whose trail's selectors cannot be learnt", () => {
  // A role reading its key (kms:DescribeKey) daily, under a trail that leaves KMS's read events
  // out: the bucket, a folder of every default region, holds its GetQueueUrl calls alone.
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
  const worker = role(
    "worker",
    ownPolicy([{ Effect: "Allow", Action: ["kms:DescribeKey", "sqs:GetQueueUrl"], Resource: "*" }]),
  );
  const now = new Date("2026-11-22T00:00:00Z");
  async function bucketOfCalls(bucket: string) {
    await moto.clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const region of DEFAULT_REGIONS)
      await moto.clients.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `AWSLogs/${ACCOUNT}/CloudTrail/${region}/2026/11/21/${ACCOUNT}_CloudTrail_${region}_20261121T1000Z_a.json.gz`,
          Body: gzipSync(
            JSON.stringify({
              Records: [
                {
                  eventVersion: "1.08",
                  eventSource: "sqs.amazonaws.com",
                  eventName: "GetQueueUrl",
                  eventTime: "2026-11-21T10:00:00Z",
                  awsRegion: region,
                  recipientAccountId: ACCOUNT,
                  readOnly: true,
                  userIdentity: roleSession(worker.arn, "worker"),
                  requestParameters: { queueName: "jobs" },
                },
              ],
            }),
          ),
        }),
      );
  }
  async function audit(connection: AwsConnection, bucket: string) {
    const logging = await trailLoggingFrom({ cloudtrailS3: [`s3://${bucket}`] }, connection);
    return runAudit(
      {
        snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [worker] }) },
        activity: [cloudTrailS3Source({ s3: moto.clients.s3, bucket })],
        ...(logging ? { logging } : {}),
      },
      { catalog, now, days: 1, version: "test" },
    );
  }
  const removed = (report: Report) =>
    report.recommendations.flatMap((r) => (r.principalArn === worker.arn ? r.removedActions : []));
  const unknownTrail = (report: Report) =>
    report.sources.problems?.some((p) => p.code === "trail-not-logging" && /event selectors/.test(p.message));

  test("no trail delivering to the bucket read: the key's reads are not called unused", async () => {
    await moto.reset();
    await bucketOfCalls("copied-logs");
    const report = await audit(moto.connection, "copied-logs");
    assert.ok(!removed(report).includes("kms:DescribeKey"), removed(report).join(","));
    assert.ok(unknownTrail(report), JSON.stringify(report.sources.problems));
  });

  test("the trails cannot be described: the key's reads are not called unused", async () => {
    await moto.reset();
    await bucketOfCalls("copied-logs");
    // Nothing answers there: DescribeTrails fails as it would denied.
    const report = await audit(
      { ...moto.connection, endpoint: "http://127.0.0.1:9", maxAttempts: 1 },
      "copied-logs",
    );
    assert.ok(!removed(report).includes("kms:DescribeKey"), removed(report).join(","));
    assert.ok(unknownTrail(report), JSON.stringify(report.sources.problems));
  });
});
