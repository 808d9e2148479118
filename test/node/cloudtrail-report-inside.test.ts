import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ActivityItem } from "../../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";
import { writeReportFiles } from "../../core/node/report-files.js";
import { reportFixture } from "../fixtures/report-fixture.js";

const WINDOW = { start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z", days: 36525 };
const record = {
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  eventTime: "2026-11-01T00:00:00Z",
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice" },
};

test("a report Whittle wrote inside the trail's folder (--out under --cloudtrail) is not read as trail files; other files there still are", async () => {
  const root = await mkdtemp(join(tmpdir(), "whittle-trail-report-"));
  try {
    await writeFile(join(root, "a.json"), JSON.stringify({ Records: [record] }));
    await writeReportFiles(join(root, "report"), reportFixture());
    // What a crash leaves: the hidden folder a run writes into before moving its files.
    await mkdir(join(root, "report", ".whittle-partial-x1y2z3"));
    await writeFile(join(root, "report", ".whittle-partial-x1y2z3", "report.json"), "{}");
    // Not in the report's list: read, and a warning, as any other file.
    await writeFile(join(root, "report", "mine.json"), "{}");
    const items: ActivityItem[] = [];
    for await (const batch of cloudTrailFileSource([root]).read(WINDOW)) items.push(...batch);
    assert.deepEqual(
      items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : [])),
      ["GetObject"],
    );
    assert.deepEqual(
      items.flatMap((i) => (i.kind === "warning" ? [i.warning.origin] : [])),
      [join(root, "report", "mine.json")],
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
