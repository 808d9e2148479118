import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { ActivityItem, CloudTrailEvent } from "../../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";
import { utf8Text } from "../../core/node/text-file.js";
import { gunzipChunk } from "../../core/node/trail-bytes.js";
import { realData } from "../helpers/paths.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z", days: 36525 };

function event(name: string, time = "2026-11-01T00:00:00Z"): CloudTrailEvent {
  return {
    eventSource: "s3.amazonaws.com",
    eventName: name,
    eventTime: time,
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice" },
  };
}

async function collect(paths: string[]): Promise<ActivityItem[]> {
  const items: ActivityItem[] = [];
  for await (const batch of cloudTrailFileSource(paths).read(WINDOW)) items.push(...batch);
  return items;
}

const names = (items: ActivityItem[]) =>
  items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : []));
const warnings = (items: ActivityItem[]) => items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "whittle-cloudtrail-"));
});
after(() => rm(dir, { recursive: true, force: true }));

test("reads delivery files, gzipped or not, recursively and in path order", async () => {
  const root = join(dir, "tree");
  await mkdir(join(root, "2026", "11", "02"), { recursive: true });
  await writeFile(
    join(root, "2026", "11", "02", "b.json.gz"),
    gzipSync(JSON.stringify({ Records: [event("B")] })),
  );
  await writeFile(join(root, "a.json"), JSON.stringify({ Records: [event("A1"), event("A2")] }));
  await writeFile(join(root, "notes.txt"), "not a log");
  const items = await collect([root]);
  assert.deepEqual(names(items), ["B", "A1", "A2"]);
  assert.deepEqual(warnings(items), []);
});

test("follows symbolic links to files and folders, walks a looping link once, and warns of a broken one", async () => {
  const store = join(dir, "link-store");
  const root = join(dir, "links");
  await mkdir(join(store, "day"), { recursive: true });
  await mkdir(root);
  await writeFile(join(store, "a.json"), JSON.stringify({ Records: [event("Linked")] }));
  await writeFile(join(store, "day", "b.json"), JSON.stringify({ Records: [event("InLinkedFolder")] }));
  await writeFile(join(root, "c.json"), JSON.stringify({ Records: [event("Plain")] }));
  await symlink(join(store, "a.json"), join(root, "a.json"));
  await symlink(join(store, "day"), join(root, "b-day"));
  await symlink(root, join(root, "d-loop"));
  await symlink(join(store, "gone.json"), join(root, "e-gone.json"));
  const items = await collect([root]);
  assert.deepEqual(names(items), ["Linked", "InLinkedFolder", "Plain"]);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code]),
    [[join(root, "e-gone.json"), "unreadable"]],
  );
});

test("reads JSON lines of single events, and LookupEvents output whose events are JSON strings", async () => {
  const lines = join(dir, "events.jsonl");
  await writeFile(lines, `${JSON.stringify(event("L1"))}\n\n${JSON.stringify(event("L2"))}\n`);
  const lookup = join(dir, "lookup.json");
  await writeFile(
    lookup,
    JSON.stringify({
      Events: [{ EventId: "1", EventName: "X", CloudTrailEvent: JSON.stringify(event("X")) }],
    }),
  );
  assert.deepEqual(names(await collect([lines, lookup])), ["L1", "L2", "X"]);
});

test("a truncated gzip file becomes a warning naming it, and the next file is still read", async () => {
  const bad = join(dir, "bad.json.gz");
  const whole = gzipSync(JSON.stringify({ Records: [event("lost")] }));
  await writeFile(bad, whole.subarray(0, whole.length - 10));
  const good = join(dir, "good.json");
  await writeFile(good, JSON.stringify({ Records: [event("kept")] }));
  const items = await collect([bad, good]);
  assert.deepEqual(names(items), ["kept"]);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code]),
    [[bad, "unreadable"]],
  );
});

test("a gzip file whose trailer understates its text (several members) is still read whole", async () => {
  const records = Array.from({ length: 3000 }, (_, i) => event(`Call${i}`));
  const text = JSON.stringify({ Records: records });
  // The last member's trailer gives the size of its 2 bytes, not of the text's 200+ KB.
  const file = join(dir, "members.json.gz");
  await writeFile(file, Buffer.concat([gzipSync(text.slice(0, -2)), gzipSync(text.slice(-2))]));
  assert.ok(gunzipChunk(await readFile(file)) < text.length);
  const items = await collect([file]);
  assert.deepEqual(warnings(items), []);
  assert.deepEqual(
    names(items),
    records.map((r) => r.eventName),
  );
});

test("the decompression buffer is the trailer's size, within bounds", () => {
  const of = (text: string) => gunzipChunk(gzipSync(text));
  assert.equal(of("x".repeat(200_000)), 200_064);
  // A small text gets the least buffer, unless its bytes could not inflate even to that.
  assert.equal(gunzipChunk(gzipSync(randomBytes(2000))), 64 * 1024);
  assert.equal(of("x"), gzipSync("x").length * 1032 + 64);
  const hostile = gzipSync("x");
  hostile.writeUInt32LE(0xffffffff, hostile.length - 4);
  assert.equal(gunzipChunk(hostile), hostile.length * 1032 + 64);
  const large = gzipSync(randomBytes(200_000));
  large.writeUInt32LE(0xffffffff, large.length - 4);
  assert.equal(gunzipChunk(large), 64 * 1024 * 1024);
  assert.equal(gunzipChunk(Buffer.from([0x1f, 0x8b])), 2 * 1032 + 64);
});

test("a small file read whole never holds a decompression buffer larger than its bytes can inflate to", async () => {
  const text = JSON.stringify({ Records: [event("kept")] });
  // zlib ignores what follows a member when it starts with a zero byte: these 5 bytes make the
  // last four, read as the trailer, claim 64 MB for a text of 100 bytes, and the file still reads.
  const padded = Buffer.concat([gzipSync(text), Buffer.from([0, 0, 0, 0, 4])]);
  const file = join(dir, "padded.json.gz");
  await writeFile(file, padded);
  const items = await collect([file]);
  assert.deepEqual(warnings(items), []);
  assert.deepEqual(names(items), ["kept"]);
  // Deflate inflates at most 1032 to 1: a trailer claiming more than that is no size the text can have,
  // and the one buffer its text comes out in stays allocated while the file waits its turn.
  assert.ok(gunzipChunk(padded) <= Math.max(64 * 1024, padded.length * 1032 + 64), `${gunzipChunk(padded)}`);
});

test("a plain file too long to decode becomes a warning naming it, in a read and in an aggregation", async () => {
  // Sparse: 540 MB of zeros on disk costs nothing, and is past V8's longest string (512 MiB).
  const huge = join(dir, "huge", "huge.json");
  await mkdir(join(dir, "huge"));
  await writeFile(huge, "");
  await truncate(huge, 540 * 1024 * 1024);
  const good = join(dir, "huge", "kept.json");
  await writeFile(good, JSON.stringify({ Records: [event("kept")] }));
  const items = await collect([join(dir, "huge")]);
  assert.deepEqual(names(items), ["kept"]);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code]),
    [[huge, "unreadable"]],
  );
  const source = cloudTrailFileSource([join(dir, "huge")], { workers: 1 });
  const parts = [];
  for await (const part of source.aggregate!({ window: WINDOW, maxResources: 100, roles: [], context: {} }))
    parts.push(part);
  assert.deepEqual(
    parts.flatMap((p) => p.aggregate.warnings.map((w) => [w.origin, w.code])),
    [[huge, "unreadable"]],
  );
  assert.equal(
    parts.reduce((n, p) => n + p.aggregate.events, 0),
    1,
  );
});

test("malformed JSON, non-CloudTrail JSON and invalid records become warnings, never a crash", async () => {
  const malformed = join(dir, "malformed.json");
  await writeFile(malformed, '{"Records": [');
  const foreign = join(dir, "foreign.json");
  await writeFile(foreign, JSON.stringify({ hello: "world" }));
  const partial = join(dir, "partial.json");
  await writeFile(partial, JSON.stringify({ Records: [event("ok"), { eventName: "NoSource" }, 42] }));
  const missing = join(dir, "does-not-exist.json");
  const items = await collect([malformed, foreign, partial, missing]);
  assert.deepEqual(names(items), ["ok"]);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code]),
    [
      [malformed, "malformed-json"],
      [foreign, "not-cloudtrail"],
      [`${partial} Records[1]`, "invalid-record"],
      [`${partial} Records[2]`, "invalid-record"],
      [missing, "unreadable"],
    ],
  );
});

test("a bad line in a gzipped JSON-lines file costs that line only", async () => {
  const path = join(dir, "mixed.jsonl.gz");
  await writeFile(
    path,
    gzipSync(`${JSON.stringify(event("one"))}\n{oops\n${JSON.stringify(event("two"))}\n`),
  );
  const items = await collect([path]);
  assert.deepEqual(names(items), ["one", "two"]);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code]),
    [[`${path}:2`, "malformed-json"]],
  );
});

test("a truncated gzipped JSON-lines file keeps the lines before the damage and warns", async () => {
  const path = join(dir, "truncated.jsonl.gz");
  const body = Array.from({ length: 2000 }, (_, i) => JSON.stringify(event(`E${i}`))).join("\n");
  const whole = gzipSync(body);
  await writeFile(path, whole.subarray(0, Math.floor(whole.length / 2)));
  const items = await collect([path]);
  assert.ok(names(items).length > 0);
  assert.ok(names(items).length < 2000);
  assert.deepEqual(
    warnings(items).map((w) => w.code),
    ["unreadable"],
  );
});

test("the real Stratus Red Team directory loads without warnings", async () => {
  const items = await collect([realData("cloudtrail", "stratus-red-team")]);
  assert.ok(names(items).length > 0);
  assert.deepEqual(warnings(items), []);
});

test("the read ends with the days a trail's folder layout held files for, and whether files lay outside it", async () => {
  const root = join(dir, "copy");
  const base = join(root, "AWSLogs", "123456789012", "CloudTrail", "eu-west-1", "2026", "11");
  for (const day of ["02", "04"]) {
    await mkdir(join(base, day), { recursive: true });
    for (const n of ["a", "b"])
      await writeFile(
        join(base, day, `${n}.json`),
        JSON.stringify({ Records: [event(`${day}${n}`, `2026-11-${day}T10:00:00Z`)] }),
      );
  }
  const extentOf = (items: ActivityItem[]) => items.flatMap((i) => (i.kind === "extent" ? [i.extent] : []));
  assert.deepEqual(extentOf(await collect([root])), [
    {
      delivered: [{ account: "123456789012", region: "eu-west-1", days: ["2026-11-02", "2026-11-04"] }],
      daysFromRecords: false,
    },
  ]);
  // A copy of the bucket also holds digest files and Insights events: neither is a call, nor read.
  const digests = join(root, "AWSLogs", "123456789012", "CloudTrail-Digest", "eu-west-1", "2026", "11", "03");
  await mkdir(digests, { recursive: true });
  await writeFile(
    join(digests, "d.json.gz"),
    gzipSync(JSON.stringify({ digestStartTime: "x", logFiles: [] })),
  );
  const insights = join(
    root,
    "AWSLogs",
    "123456789012",
    "CloudTrail-Insight",
    "eu-west-1",
    "2026",
    "11",
    "03",
  );
  await mkdir(insights, { recursive: true });
  await writeFile(join(insights, "i.json"), JSON.stringify({ Records: [event("Insight")] }));
  const copy = await collect([root]);
  assert.deepEqual(warnings(copy), []);
  assert.deepEqual(names(copy), ["02a", "02b", "04a", "04b"]);
  assert.equal(extentOf(copy)[0]?.daysFromRecords, false);
  await writeFile(join(root, "export.json"), JSON.stringify({ Records: [event("flat")] }));
  assert.equal(extentOf(await collect([root]))[0]?.daysFromRecords, true);
});

test("a file's text is its UTF-8 decoding, whether or not it is pure ASCII", () => {
  const texts = [
    '{"Records":[{"eventName":"GetObject"}]}',
    '{"Records":[{"userAgent":"caf\u00e9 \u{1F600}"}]}',
    "\uFEFF{}",
    "",
    "\u007f\u0080",
  ];
  for (const text of texts) assert.equal(utf8Text(Buffer.from(text, "utf8")), text);
  // Bytes that are not UTF-8 are refused, not decoded as replacement characters.
  assert.throws(() => utf8Text(Buffer.from([0x7b, 0xff, 0xc3, 0x7d])), /byte 1 is no part of a UTF-8/);
  assert.throws(() => utf8Text(Buffer.from([0x41, 0x80])), /byte 1 /);
});

// Renamed by hand or saved by an export tool under the other suffix: documents were read by their
// bytes, JSON-lines files by their names, and every line became a "malformed-json" warning.
test("a JSON-lines file is decompressed by its bytes, whatever its suffix says", async () => {
  const text = `${JSON.stringify(event("one"))}\n${JSON.stringify(event("two"))}\n`;
  const zipped = join(dir, "zipped.jsonl");
  await writeFile(zipped, gzipSync(text));
  const plain = join(dir, "plain.jsonl.gz");
  await writeFile(plain, text);
  const items = await collect([zipped, plain]);
  assert.deepEqual(warnings(items), []);
  assert.deepEqual(names(items), ["one", "two", "one", "two"]);
});

test("an empty JSON-lines file, gzipped or not, is a warning naming it, as an empty document is", async () => {
  const files = ["empty.jsonl", "empty.jsonl.gz", "blank.ndjson"].map((name) => join(dir, name));
  await writeFile(files[0]!, "");
  await writeFile(files[1]!, "");
  await writeFile(files[2]!, "\n \r\n");
  const items = await collect(files);
  assert.deepEqual(
    warnings(items).map((w) => [w.origin, w.code, w.message]),
    files.map((file) => [file, "not-cloudtrail", "empty input"]),
  );
});
