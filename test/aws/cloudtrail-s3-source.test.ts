import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { cloudTrailS3Source } from "../../core/aws/cloudtrail-s3-source.js";
import { ActivitySourceError, NoActivityError } from "../../core/engine/activity/errors.js";
import type { ActivityItem, ActivityWindow } from "../../core/engine/activity/types.js";
import { runAudit } from "../../core/engine/audit.js";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { basicSelector } from "../helpers/event-selectors.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { ownPolicy, role, snapshotWith, user } from "../helpers/snapshot-fixture.js";

const BUCKET = "trail-logs";
const ACCOUNT = "123456789012";
const MEMBER = "210987654321";
const ORG = "o-abcdef1234";
const DAYS = ["01", "02", "03", "04", "05"];
/** Two whole days, 2026-11-02 and 2026-11-03. */
const WINDOW: ActivityWindow = { start: "2026-11-02T00:00:00Z", end: "2026-11-04T00:00:00Z", days: 2 };

let moto: MotoServer;
let sent: { command: string; prefix?: string; key?: string }[] = [];

before(async () => {
  moto = await startMoto();
  const s3 = moto.clients.s3;
  const send = s3.send.bind(s3);
  // Records every request the source makes, to check it only touches the window's partitions.
  s3.send = ((command: { constructor: { name: string }; input: { Prefix?: string; Key?: string } }) => {
    sent.push({ command: command.constructor.name, prefix: command.input.Prefix, key: command.input.Key });
    return send(command as never);
  }) as typeof s3.send;
});
after(() => moto.stop());

beforeEach(async () => {
  await moto.reset();
  const s3 = moto.clients.s3;
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const put = (Key: string, Body: Uint8Array) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  for (const day of DAYS) {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const base = `AWSLogs/${ACCOUNT}/CloudTrail/${region}/2026/11/${day}/`;
      await put(
        `${base}${ACCOUNT}_CloudTrail_${region}_202611${day}T0000Z_a.json.gz`,
        delivery(`${region}-${day}`, day),
      );
    }
    const member = `AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-east-1/2026/11/${day}/`;
    await put(
      `${member}${MEMBER}_CloudTrail_us-east-1_202611${day}T0000Z_b.json.gz`,
      delivery(`org-${day}`, day),
    );
  }
  await put(
    `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/02/digest.json.gz`,
    delivery("digest", "02"),
  );
  sent = [];
});

/** A delivery file of one record made on the day of its folder. */
function delivery(name: string, day: string): Uint8Array {
  const record = {
    eventSource: "s3.amazonaws.com",
    eventName: name,
    eventTime: `2026-11-${day}T10:00:00Z`,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
  };
  return gzipSync(JSON.stringify({ Records: [record] }));
}

async function collect(
  options: Partial<Parameters<typeof cloudTrailS3Source>[0]> = {},
): Promise<ActivityItem[]> {
  const source = cloudTrailS3Source({ s3: moto.clients.s3, bucket: BUCKET, concurrency: 3, ...options });
  const items: ActivityItem[] = [];
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  return items;
}

const names = (items: ActivityItem[]) =>
  items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : []));

test("reads the window's partitions of every account and region, org trail members included, in key order", async () => {
  // And the next day's, which holds the deliveries of the window's last minutes.
  const items = await collect();
  assert.deepEqual(names(items), [
    "eu-west-1-02",
    "eu-west-1-03",
    "eu-west-1-04",
    "us-east-1-02",
    "us-east-1-03",
    "us-east-1-04",
    "org-02",
    "org-03",
    "org-04",
  ]);
});

test("lists and fetches nothing outside the window's date partitions and the next day's", async () => {
  await collect();
  const objectListings = sent.filter(
    (s) => s.command === "ListObjectsV2Command" && /\/\d{4}\/\d{2}\/\d{2}\/$/.test(s.prefix!),
  );
  assert.deepEqual(objectListings.map((s) => s.prefix!.slice(-12)).sort(), [
    "/2026/11/02/",
    "/2026/11/02/",
    "/2026/11/02/",
    "/2026/11/03/",
    "/2026/11/03/",
    "/2026/11/03/",
    "/2026/11/04/",
    "/2026/11/04/",
    "/2026/11/04/",
  ]);
  const fetched = sent.filter((s) => s.command === "GetObjectCommand").map((s) => s.key!);
  assert.equal(fetched.length, 9);
  for (const key of fetched) assert.match(key, /\/2026\/11\/0[234]\/[^/]+\.json\.gz$/);
  assert.ok(!sent.some((s) => s.prefix?.includes("CloudTrail-Digest/us-east-1/")));
});

test("accounts and regions can be narrowed", async () => {
  const items = await collect({ accounts: [MEMBER], regions: ["us-east-1"] });
  assert.deepEqual(names(items), ["org-02", "org-03", "org-04"]);
});

test("a damaged object is a warning naming it; the rest are still read", async () => {
  const key = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T0005Z_z.json.gz`;
  await moto.clients.s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: delivery("x", "02").subarray(0, 12) }),
  );
  const items = await collect({ regions: ["us-east-1"], accounts: [ACCOUNT] });
  assert.deepEqual(names(items), ["us-east-1-02", "us-east-1-03", "us-east-1-04"]);
  const warnings = items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));
  assert.deepEqual(
    warnings.map((w) => [w.origin, w.code]),
    [[`s3://${BUCKET}/${key}`, "unreadable"]],
  );
});

// A delivery file copied into the bucket through a tool that saved it in a Windows code page:
// decoded anyway, `café.csv` became `caf\uFFFD.csv`, an object the workload never reads, as the
// local reader refuses such a file too.
test("an object that is not UTF-8 is unreadable, with a warning naming the byte, not records naming other resources", async () => {
  const record = {
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    eventTime: "2026-11-02T10:00:00Z",
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
    requestParameters: { bucketName: "reports", key: "café.csv" },
  };
  const cp1252 = Buffer.from(JSON.stringify({ Records: [record] }), "latin1");
  const base = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T0005Z`;
  const keys = [`${base}_y.json`, `${base}_z.json.gz`];
  await moto.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keys[0], Body: cp1252 }));
  await moto.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keys[1], Body: gzipSync(cp1252) }));
  const items = await collect({ regions: ["us-east-1"], accounts: [ACCOUNT] });
  assert.deepEqual(names(items), ["us-east-1-02", "us-east-1-03", "us-east-1-04"]);
  const warnings = items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));
  assert.deepEqual(
    warnings.map((w) => [w.origin, w.code]),
    keys.map((key) => [`s3://${BUCKET}/${key}`, "unreadable"]),
  );
  for (const w of warnings) assert.match(w.message, /not UTF-8 \(byte \d+ /);
});

test("a missing bucket is an ActivitySourceError, not an SDK exception", async () => {
  await assert.rejects(
    collect({ bucket: "no-such-bucket" }),
    (error: unknown) => error instanceof ActivitySourceError && /no-such-bucket/.test(error.message),
  );
});

test("the read ends with what was listed: every account and region whose partitions were read", async () => {
  const items = await collect();
  const extent = items.at(-1);
  const days = ["2026-11-02", "2026-11-03", "2026-11-04"];
  assert.deepEqual(extent?.kind === "extent" && extent.extent, {
    accounts: [ACCOUNT, MEMBER],
    regions: ["eu-west-1", "us-east-1"],
    delivered: [
      { account: ACCOUNT, region: "eu-west-1", days },
      { account: ACCOUNT, region: "us-east-1", days },
      { account: MEMBER, region: "us-east-1", days },
    ],
  });
});

test("a day partition holding only a file of the previous day's last events is a gap too", async () => {
  // CloudTrail files a delivery under the day it is delivered on: 23:55's events sit in the next
  // day's partition, which shows nothing recorded on its own day.
  await moto.clients.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: `AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/03/${ACCOUNT}_CloudTrail_eu-west-1_20261103T0000Z_a.json.gz`,
      Body: delivery("late", "02"),
    }),
  );
  const extent = (await collect({ accounts: [ACCOUNT] })).at(-1);
  assert.deepEqual(extent?.kind === "extent" && extent.extent.delivered, [
    { account: ACCOUNT, region: "eu-west-1", days: ["2026-11-02", "2026-11-04"] },
    { account: ACCOUNT, region: "us-east-1", days: ["2026-11-02", "2026-11-03", "2026-11-04"] },
  ]);
});

test("the window's last minutes, delivered the next day, are read from that day's partition", async () => {
  // A file is filed under the day it is delivered on and may hold records of any time before it:
  // a role's one call at 23:58 on the window's last day sits in the partition of the day after.
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
  const nightly = role("nightly", {
    arn: `arn:aws:iam::${ACCOUNT}:role/nightly`,
    ...ownPolicy([{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }]),
  });
  const record = {
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    eventTime: "2026-11-03T23:58:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/nightly/run`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: nightly.arn } },
    },
  };
  await moto.clients.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/04/${ACCOUNT}_CloudTrail_us-east-1_20261104T0003Z_c.json.gz`,
      Body: gzipSync(JSON.stringify({ Records: [record] })),
    }),
  );
  const report = await runAudit(
    {
      snapshot: {
        description: "account",
        load: async () => snapshotWith({ accountId: ACCOUNT, roles: [nightly] }),
      },
      // A trail of every region's management events, as described.
      activity: [
        {
          ...cloudTrailS3Source({ s3: moto.clients.s3, bucket: BUCKET, accounts: [ACCOUNT] }),
          logging: basicSelector("All"),
        },
      ],
    },
    { catalog: loadCatalog(), now: new Date(WINDOW.end), days: 2, version: "test" },
  );
  assert.equal(report.principals.find((p) => p.name === "nightly")?.usage, "used");
  assert.ok(!report.findings.some((f) => f.kind === "unused-role"));
});

test("a day partition without a delivery file is a gap: the source is incomplete, silence proves nothing", async () => {
  await moto.clients.s3.send(
    new DeleteObjectCommand({
      Bucket: BUCKET,
      Key: `AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/03/${ACCOUNT}_CloudTrail_eu-west-1_20261103T0000Z_a.json.gz`,
    }),
  );
  const idle = user("idle", { createDate: "2020-01-01T00:00:00.000Z" });
  const report = await runAudit(
    {
      snapshot: {
        description: "account",
        load: async () => snapshotWith({ accountId: ACCOUNT, users: [idle] }),
      },
      activity: [cloudTrailS3Source({ s3: moto.clients.s3, bucket: BUCKET, accounts: [ACCOUNT] })],
    },
    { catalog: loadCatalog(), now: new Date(WINDOW.end), days: 2, version: "test" },
  );
  const [coverage] = report.coverage ?? [];
  assert.deepEqual(coverage?.gaps, [{ account: ACCOUNT, region: "eu-west-1", days: ["2026-11-03"] }]);
  assert.equal(coverage?.complete, false);
  const principal = report.principals.find((p) => p.name === "idle");
  assert.equal(principal?.usage, "unknown");
  assert.match(principal?.usageReason ?? "", /no log for 1 day\(s\).*eu-west-1 2026-11-03/);
  assert.ok(!report.findings.some((f) => f.kind === "unused-user"));
});

describe("a trail bucket that yields no readable record fails the audit", () => {
  const snapshot = { description: "empty account", load: async () => snapshotWith({ accountId: ACCOUNT }) };
  const audit = (options: Partial<Parameters<typeof cloudTrailS3Source>[0]>) =>
    runAudit(
      { snapshot, activity: [cloudTrailS3Source({ s3: moto.clients.s3, bucket: BUCKET, ...options })] },
      { catalog: loadCatalog(), now: new Date(WINDOW.end), days: 2, version: "test" },
    );

  test("a prefix that lists nothing", async () => {
    await assert.rejects(audit({ prefix: "wrong-prefix" }), NoActivityError);
  });

  test("every object failing (as SSE-KMS objects do without kms:Decrypt)", async () => {
    const s3 = moto.clients.s3;
    for (const day of ["02", "03", "04"])
      for (const region of ["us-east-1", "eu-west-1"])
        await s3.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `AWSLogs/${ACCOUNT}/CloudTrail/${region}/2026/11/${day}/${ACCOUNT}_CloudTrail_${region}_202611${day}T0000Z_a.json.gz`,
            Body: Buffer.from("not gzip"),
          }),
        );
    await assert.rejects(audit({ accounts: [ACCOUNT] }), (error: Error) => {
      assert.ok(error instanceof NoActivityError);
      assert.match(error.message, /first failure: s3:\/\/trail-logs\/AWSLogs\/123456789012/);
      return true;
    });
  });
});
