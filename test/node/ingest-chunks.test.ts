import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chunkAggregator } from "../../core/node/ingest-chunks.js";
import { loadCatalog } from "../../core/node/load-catalog.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z" };

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "whittle-chunks-"));
});
after(() => rm(dir, { recursive: true, force: true }));

test("a chunk's aggregation lets the event loop turn between files, so other threads' parts are taken meanwhile", async () => {
  // Plain files are read without waiting on zlib: nothing else would give the event loop a turn.
  const files = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const file = join(dir, `f${String(i).padStart(2, "0")}.json`);
      const record = {
        eventSource: "s3.amazonaws.com",
        eventName: "ListBuckets",
        eventTime: "2026-11-01T00:00:00Z",
        userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice" },
      };
      await writeFile(file, JSON.stringify({ Records: [record] }));
      return { file };
    }),
  );
  const aggregate = chunkAggregator(
    { window: WINDOW, maxResources: 100, roles: [], context: {} },
    loadCatalog(),
  );
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  const part = await aggregate(files);
  assert.equal(part.items, 20);
  assert.equal(turned, true, "the whole chunk ran without a turn of the event loop");
});
