import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { ActivityItem, CloudTrailEvent } from "../../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z", days: 36525 };
/** The cap the tests read under: a bomb need not inflate to GBs to be refused. */
const CAP = 1024 * 1024;

function event(name: string): CloudTrailEvent {
  return {
    eventSource: "s3.amazonaws.com",
    eventName: name,
    eventTime: "2026-11-01T00:00:00Z",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice" },
  };
}

async function collect(paths: string[]): Promise<ActivityItem[]> {
  const items: ActivityItem[] = [];
  for await (const batch of cloudTrailFileSource(paths, { maxFileBytes: CAP }).read(WINDOW))
    items.push(...batch);
  return items;
}

const names = (items: ActivityItem[]) =>
  items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : []));
const warnings = (items: ActivityItem[]) => items.flatMap((i) => (i.kind === "warning" ? [i.warning] : []));

let dir: string;
/** 50 MB of zeros, gzipped to about 50 KB. */
let bomb: Buffer;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "whittle-bombs-"));
  bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
});
after(() => rm(dir, { recursive: true, force: true }));

test("a gzip bomb among delivery files is unreadable, named, with the cap in its warning; the others are read", async () => {
  const bad = join(dir, "a-bomb.json.gz");
  await writeFile(bad, bomb);
  const good = join(dir, "b-good.json.gz");
  await writeFile(good, gzipSync(JSON.stringify({ Records: [event("kept")] })));
  const items = await collect([bad, good]);
  assert.deepEqual(names(items), ["kept"]);
  const found = warnings(items);
  assert.deepEqual(
    found.map((w) => [w.origin, w.code]),
    [[bad, "unreadable"]],
  );
  assert.match(found[0]!.message, new RegExp(`larger than ${CAP} bytes once decompressed`));
});

test("a plain file larger than the cap is unreadable too", async () => {
  const big = join(dir, "big.json");
  await writeFile(big, JSON.stringify({ Records: [event("x".repeat(CAP))] }));
  const found = warnings(await collect([big]));
  assert.deepEqual(
    found.map((w) => [w.origin, w.code]),
    [[big, "unreadable"]],
  );
  assert.match(found[0]!.message, /larger than \d+ bytes once decompressed/);
});

test("a gzipped JSON-lines bomb of one endless line ends its read with a warning after the lines before it", async () => {
  const lines = join(dir, "bomb.jsonl.gz");
  const head = `${JSON.stringify(event("before"))}\n`;
  await writeFile(lines, Buffer.concat([gzipSync(head), bomb]));
  const items = await collect([lines]);
  assert.deepEqual(names(items), ["before"]);
  const found = warnings(items);
  assert.deepEqual(
    found.map((w) => [w.origin, w.code]),
    [[lines, "unreadable"]],
  );
  assert.match(found[0]!.message, new RegExp(`after line 1: a line is longer than ${CAP} bytes`));
});

test("a JSON-lines file larger than the cap, of short lines, is read whole", async () => {
  const lines = join(dir, "long.jsonl.gz");
  const count = Math.ceil((2 * CAP) / JSON.stringify(event("n")).length);
  const text = Array.from({ length: count }, (_, i) => JSON.stringify(event(`E${i}`))).join("\r\n");
  assert.ok(text.length > 2 * CAP);
  await writeFile(lines, gzipSync(text));
  const items = await collect([lines]);
  assert.deepEqual(warnings(items), []);
  assert.equal(names(items).length, count);
});

// A sparse file: 3 GB long, no disk used. Read before its size was looked at, it failed on Node's
// 2 GiB limit; a smaller one was held whole while it waited its turn, with three others read ahead.
test("a file far larger than the cap is refused by its size, with the cap in its warning", async () => {
  const huge = join(dir, "huge.json");
  await writeFile(huge, "");
  await truncate(huge, 3 * 1024 ** 3);
  const found = warnings(await collect([huge]));
  assert.deepEqual(
    found.map((w) => [w.origin, w.code]),
    [[huge, "unreadable"]],
  );
  assert.match(found[0]!.message, new RegExp(`larger than ${CAP} bytes once decompressed`));
});

// `--cloudtrail <(zcat …)`: a pipe has no size to refuse it by, and was read to its end, however far.
test("a pipe that runs past the cap is refused once it does, not read to its end", async () => {
  const fifo = join(dir, "pipe.json");
  execFileSync("mkfifo", [fifo]);
  // Twice the cap of one endless line; the writer ends when the reader closes the pipe.
  const writer = spawn("sh", ["-c", `yes x | tr -d '\\n' > ${fifo}`], { stdio: "ignore" });
  try {
    const found = warnings(await collect([fifo]));
    assert.deepEqual(
      found.map((w) => [w.origin, w.code]),
      [[fifo, "unreadable"]],
    );
    assert.match(found[0]!.message, new RegExp(`larger than ${CAP} bytes once decompressed`));
  } finally {
    writer.kill();
  }
});
