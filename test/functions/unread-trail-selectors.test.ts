import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DEFAULT_REGIONS } from "../../core/engine/activity/shown-regions.js";
import { runAudit } from "../../core/engine/audit.js";
import type { AccountClients } from "../../functions/runtime.js";
import { activitySources, trailLogging } from "../../functions/sources.js";
import { catalog } from "../helpers/catalog.js";
import { DEPLOYMENT, motoRuntime } from "../helpers/function-runtime.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../helpers/snapshot-fixture.js";

// A role that reads its key (kms:DescribeKey) and its queue's URL every day, under a trail that,
// like many, leaves KMS's read events out (they are the bulk of a trail's volume): its delivery
// files, in every default region, hold the GetQueueUrl calls alone. Whether the trail logs KMS
// reads is its event selectors' to say; here they cannot be read.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
const WORKER = role(
  "worker",
  ownPolicy([{ Effect: "Allow", Action: ["kms:DescribeKey", "sqs:GetQueueUrl"], Resource: "*" }]),
);
const DAY = "2026-11-21";
const NOW = new Date("2026-11-22T00:00:00Z");

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: DEPLOYMENT.trail }));
  for (const region of DEFAULT_REGIONS) {
    const record = {
      eventVersion: "1.08",
      eventSource: "sqs.amazonaws.com",
      eventName: "GetQueueUrl",
      eventTime: `${DAY}T10:00:00Z`,
      awsRegion: region,
      recipientAccountId: ACCOUNT,
      readOnly: true,
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/worker/s`,
        accountId: ACCOUNT,
        sessionContext: { sessionIssuer: { type: "Role", arn: WORKER.arn, accountId: ACCOUNT } },
      },
      requestParameters: { queueName: "jobs" },
    };
    const day = DAY.replaceAll("-", "/");
    await moto.clients.s3.send(
      new PutObjectCommand({
        Bucket: DEPLOYMENT.trail,
        Key: `AWSLogs/${ACCOUNT}/CloudTrail/${region}/${day}/${ACCOUNT}_CloudTrail_${region}_20261121T1000Z_a.json.gz`,
        Body: gzipSync(JSON.stringify({ Records: [record] })),
      }),
    );
  }
});
after(() => moto.stop());

/** The audit step of a deployed run of ACCOUNT over the trail bucket, its trails read with `account`'s clients. */
async function deployedAudit(account: AccountClients) {
  const runtime = motoRuntime(moto);
  const run = {
    runId: randomUUID(),
    trigger: "api",
    startedAt: NOW.toISOString(),
    accountId: ACCOUNT,
  } as const;
  const logging = await trailLogging(runtime, account);
  return runAudit(
    {
      snapshot: {
        description: "live account",
        load: async () => snapshotWith({ roles: [WORKER], collectedAt: "2026-11-21T23:00:00.000Z" }),
      },
      activity: activitySources(runtime, account, run, logging),
      ...(logging ? { logging } : {}),
    },
    { catalog, now: NOW, days: 1, config: runtime.config.audit, version: "test" },
  );
}

/** The account's clients, but CloudTrail's answers replaced by `answer`. */
function withCloudTrail(answer: (command: object) => Promise<unknown>): AccountClients {
  const clients = motoRuntime(moto).clients;
  return { ...clients, cloudtrail: { send: answer } } as unknown as AccountClients;
}

function assertKeyReadKept(report: Awaited<ReturnType<typeof deployedAudit>>) {
  // Nothing the trail could have left out is removed (with nothing counted on, nothing at all is).
  const removed = report.recommendations.flatMap((r) =>
    r.principalArn === WORKER.arn ? r.removedActions : [],
  );
  assert.ok(!removed.includes("kms:DescribeKey"), JSON.stringify(removed));
  assert.notEqual(report.principals.find((p) => p.arn === WORKER.arn)?.usage, "unused");
  assert.ok(
    !report.findings.some((f) => f.kind === "unused-action" && JSON.stringify(f).includes("kms:DescribeKey")),
    JSON.stringify(report.findings.map((f) => f.kind)),
  );
  // The report says why nothing is called unused from the trail's silence.
  assert.ok(
    report.sources.problems?.some(
      (p) =>
        p.code === "trail-not-logging" &&
        /event selectors/.test(p.message) &&
        /nothing is called unused/.test(p.message),
    ),
    JSON.stringify(report.sources.problems),
  );
}

test("a deployed run whose trails' selectors are denied calls no read of KMS unused: the trail may leave them out", async () => {
  const denied = withCloudTrail(async () => {
    throw Object.assign(new Error("User is not authorized to perform: cloudtrail:DescribeTrails"), {
      name: "AccessDeniedException",
    });
  });
  assertKeyReadKept(await deployedAudit(denied));
});

test("a deployed run that sees no trail from the account calls no read of KMS unused: what the files' trail logs is unknown", async () => {
  const none = withCloudTrail(async () => ({ trailList: [] }));
  assertKeyReadKept(await deployedAudit(none));
});
