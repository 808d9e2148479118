import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { cloudTrailS3Source } from "../../core/aws/cloudtrail-s3-source.js";
import type { ActivityItem, ActivityWindow } from "../../core/engine/activity/types.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

const BUCKET = "trail-logs";
const ACCOUNT = "123456789012";
const WINDOW: ActivityWindow = { start: "2026-11-02T00:00:00Z", end: "2026-11-03T00:00:00Z", days: 1 };
const BASE = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/02/${ACCOUNT}_CloudTrail_us-east-1_20261102T`;
/** The cap the tests read under: a bomb need not inflate to GBs to be refused. */
const CAP = 1024 * 1024;

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());
beforeEach(async () => {
  await moto.reset();
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

const put = (Key: string, Body: Uint8Array) =>
  moto.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));

function delivery(name: string): string {
  const record = {
    eventSource: "s3.amazonaws.com",
    eventName: name,
    eventTime: "2026-11-02T10:00:00Z",
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
  };
  return JSON.stringify({ Records: [record] });
}

async function collect(): Promise<ActivityItem[]> {
  const source = cloudTrailS3Source({ s3: moto.clients.s3, bucket: BUCKET, maxFileBytes: CAP });
  const items: ActivityItem[] = [];
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  return items;
}

const names = (items: ActivityItem[]) =>
  items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : []));
const warnings = (items: ActivityItem[]) => items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));

// Copied in by hand or a sync tool under the other name: the local reader reads both by their
// bytes, and the bucket's object was refused as "incorrect header check" or "not UTF-8".
test("an object whose key says gzip but whose bytes are plain JSON, or the other way round, is read", async () => {
  await put(`${BASE}0005Z_a.json.gz`, Buffer.from(delivery("plain")));
  await put(`${BASE}0010Z_b.json`, gzipSync(delivery("zipped")));
  const items = await collect();
  assert.deepEqual(warnings(items), []);
  assert.deepEqual(names(items), ["plain", "zipped"]);
});

test("a gzip bomb in the bucket is unreadable, named, with the cap in its warning; the others are read", async () => {
  const bomb = `${BASE}0005Z_a.json.gz`;
  await put(bomb, gzipSync(Buffer.alloc(50 * 1024 * 1024)));
  await put(`${BASE}0010Z_b.json.gz`, gzipSync(delivery("kept")));
  const items = await collect();
  assert.deepEqual(names(items), ["kept"]);
  const found = warnings(items);
  assert.deepEqual(
    found.map((w) => [w.origin, w.code]),
    [[`s3://${BUCKET}/${bomb}`, "unreadable"]],
  );
  assert.match(found[0]!.message, new RegExp(`larger than ${CAP} bytes once decompressed`));
});
