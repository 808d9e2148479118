import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CreateBucketCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { S3BackupStore } from "../../core/aws/s3-backup-store.js";
import { BackupChangedError } from "../../core/engine/plans/change.js";
import { changeRecord } from "../helpers/change-record.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "whittle-etag" }));
});
after(() => moto.stop());

/** moto's S3 behind a store that answers GetObject without an ETag, as some S3-compatible stores may. */
const noETag: Pick<S3Client, "send"> = {
  send: (async (command: unknown) => {
    const out = await moto.clients.s3.send(command as GetObjectCommand);
    return command instanceof GetObjectCommand ? { ...out, ETag: undefined } : out;
  }) as S3Client["send"],
};

test("a backup record read without an ETag is not written over unconditionally", async () => {
  const store = new S3BackupStore(noETag, "s3://whittle-etag/account/");
  const held = { ...changeRecord("change-1"), status: "backed-up" as const };
  await store.create(held);
  const marked = { ...held, status: "applied" as const };
  await assert.rejects(store.write(marked, { status: "backed-up", lease: undefined }), (error: unknown) => {
    assert.ok(error instanceof BackupChangedError, String(error));
    assert.match((error as Error).message, /ETag/);
    return true;
  });
  // The record is as it was: nothing was written without the condition.
  assert.equal(
    (await new S3BackupStore(moto.clients.s3, "s3://whittle-etag/account/").read("change-1")).status,
    "backed-up",
  );
});
