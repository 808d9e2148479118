import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { AggregateSetup } from "../../core/engine/activity/aggregate-part.js";
import type { SourceWarning } from "../../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z" };
const SETUP: AggregateSetup = { window: WINDOW, maxResources: 100, roles: [], context: {} };
/** Far under the default cap: 4 MB of zeros inflate past this one alone. */
const CAP = 1024 * 1024;

let dir: string;
let files: string[];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "whittle-ingest-cap-"));
  const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
  const record = {
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    eventTime: "2026-11-01T00:00:00Z",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice" },
  };
  const good = gzipSync(JSON.stringify({ Records: [record] }));
  // More files than one chunk holds, a bomb in the first chunk and the last: whichever thread takes each.
  files = Array.from({ length: 130 }, (_, i) => join(dir, `f${String(i).padStart(3, "0")}.json.gz`));
  await Promise.all(files.map((file, i) => writeFile(file, i === 0 || i === 129 ? bomb : good)));
});
after(() => rm(dir, { recursive: true, force: true }));

for (const workers of [1, 2]) {
  test(`the cap on a file's decompressed size holds when the files are aggregated in ${workers} thread(s)`, async () => {
    const source = cloudTrailFileSource([dir], { maxFileBytes: CAP, workers });
    assert.ok(source.aggregate);
    const warnings: SourceWarning[] = [];
    let items = 0;
    for await (const part of source.aggregate(SETUP)) {
      warnings.push(...part.aggregate.warnings);
      items += part.items;
    }
    assert.deepEqual(
      warnings.map((w) => [w.origin, w.code]),
      [
        [files[0], "unreadable"],
        [files[129], "unreadable"],
      ],
    );
    for (const w of warnings)
      assert.match(w.message, new RegExp(`larger than ${CAP} bytes once decompressed`));
    assert.equal(items, 128 + 2);
  });
}
