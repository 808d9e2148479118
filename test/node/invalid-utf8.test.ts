import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { readDocument, readLines } from "../../core/node/cloudtrail-files.js";
import { readConfigFile } from "../../core/node/config-file.js";
import { readSnapshotFiles } from "../../core/node/snapshot-files.js";
import { utf8Stream } from "../../core/node/text-file.js";
import { repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-not-utf8-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const saved = (name: string, bytes: Buffer) => {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, bytes);
  return path;
};

/** Text as a Windows code page (1252) saves it: `é` is the one byte 0xE9, which UTF-8 cannot hold alone. */
const cp1252 = (text: string) => Buffer.from(text, "latin1");

const record = (key: string) => ({
  eventVersion: "1.08",
  eventTime: "2026-11-20T10:00:00Z",
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  awsRegion: "us-east-1",
  recipientAccountId: "111122223333",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/app", accountId: "111122223333" },
  requestParameters: { bucketName: "reports", key },
  resources: [{ type: "AWS::S3::Object", ARN: `arn:aws:s3:::reports/${key}` }],
});

// Decoded anyway, `café.csv` was read as `caf\uFFFD.csv`: an object the workload never reads, and
// a recommendation scoped to it would refuse the one it does.
test("trail files that are not UTF-8 are unreadable, with a warning that says so, never records naming other resources", async () => {
  const text = JSON.stringify({ Records: [record("café.csv")] });
  for (const path of [saved("trail.json", cp1252(text)), saved("trail.json.gz", gzipSync(cp1252(text)))]) {
    const read = await readDocument(path);
    const items = read.kind === "document" ? read.items() : [];
    assert.deepEqual(
      items.map((item) => (item.kind === "warning" ? item.warning.code : item.kind)),
      ["unreadable"],
      path,
    );
    assert.match(items[0]?.kind === "warning" ? items[0].warning.message : "", /not UTF-8/);
  }
  const lines = [record("a.csv"), record("café.csv"), record("b.csv")]
    .map((r) => JSON.stringify(r))
    .join("\n");
  for (const path of [
    saved("trail.jsonl", cp1252(lines)),
    saved("trail.jsonl.gz", gzipSync(cp1252(lines))),
  ]) {
    const items = [];
    for await (const batch of readLines(path)) items.push(...batch);
    const keys = items.flatMap((item) =>
      item.kind === "event" ? [JSON.stringify(item.event.requestParameters)] : [],
    );
    assert.ok(!keys.some((key) => key.includes("\uFFFD")), keys.join("\n"));
    const warnings = items.flatMap((item) => (item.kind === "warning" ? [item.warning] : []));
    assert.equal(warnings.length, 1, path);
    assert.equal(warnings[0]!.code, "unreadable");
    assert.match(warnings[0]!.message, /not UTF-8/);
  }
});

test("a snapshot or a config that is not UTF-8 is an error naming the file, not names and documents read otherwise", async () => {
  const gaad = readFileSync(join(repoRoot, "demo", "account", "gaad.json"), "utf8").replace(
    /"RoleName": "([^"]+)"/,
    '"RoleName": "$1-é"',
  );
  const path = saved("gaad.json", cp1252(gaad));
  await assert.rejects(readSnapshotFiles({ snapshot: path, collectedAt: new Date("2026-11-22T00:00:00Z") }), {
    message: new RegExp(`${path}.*not UTF-8`),
  });
  await assert.rejects(readConfigFile(saved("config.json", cp1252('{"exclude": ["é"]}'))), /not UTF-8/);
});

test("UTF-8 fed one byte at a time passes, and a character the stream ends inside of is refused", async () => {
  const pass = async (bytes: Buffer) => {
    const stream = utf8Stream();
    const out: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => out.push(chunk));
    const done = new Promise((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    for (const byte of bytes) stream.write(Buffer.from([byte]));
    stream.end();
    await done;
    return Buffer.concat(out);
  };
  const text = Buffer.from('{"userName":"Zoë 日本 \u{1F600}"}\n', "utf8");
  assert.deepEqual(await pass(text), text);
  await assert.rejects(pass(text.subarray(0, text.length - 4)), /not UTF-8/);
  await assert.rejects(pass(Buffer.concat([text, Buffer.from([0xe6, 0x97])])), /not UTF-8/);
});
