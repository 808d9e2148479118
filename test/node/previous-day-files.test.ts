import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { CloudTrailEvent } from "../../core/engine/activity/types.js";
import { runAudit } from "../../core/engine/audit.js";
import { cloudTrailFileSource } from "../../core/node/cloudtrail-files.js";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { ACCOUNT, snapshotWith, user } from "../helpers/snapshot-fixture.js";

// CloudTrail files a delivery under the day it is delivered on: the events of 23:55-00:00 sit in
// the next day's folder. A folder of November 3 holding only that file shows nothing recorded on
// November 3 (logging stopped at midnight, say), and must not count the day as covered.
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "whittle-previous-day-"));
  const base = join(dir, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", "2026", "11");
  const listing = (eventTime: string): CloudTrailEvent => ({
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    eventTime,
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/ops`, accountId: ACCOUNT },
  });
  const files: [string, string[]][] = [
    ["01", ["2026-11-01T09:00:00Z"]],
    ["02", ["2026-11-01T23:58:00Z", "2026-11-02T12:00:00Z"]],
    ["03", ["2026-11-02T23:57:00Z"]],
  ];
  for (const [day, times] of files) {
    await mkdir(join(base, day), { recursive: true });
    const name = `${ACCOUNT}_CloudTrail_us-east-1_202611${day}T0005Z_a.json`;
    await writeFile(join(base, day, name), JSON.stringify({ Records: times.map(listing) }));
  }
});
after(() => rm(dir, { recursive: true, force: true }));

for (const workers of [undefined, 1] as const) {
  test(`a day's folder holding only the previous day's last events is a gap (${workers ? "worker threads" : "one thread"})`, async () => {
    const report = await runAudit(
      {
        snapshot: { description: "account", load: async () => snapshotWith({ users: [user("ops")] }) },
        activity: [cloudTrailFileSource([dir], workers ? { workers } : {})],
      },
      { catalog: loadCatalog(), now: new Date("2026-11-04T00:00:00Z"), days: 3, version: "test" },
    );
    const [coverage] = report.coverage ?? [];
    assert.deepEqual(coverage?.gaps, [{ account: ACCOUNT, region: "us-east-1", days: ["2026-11-03"] }]);
    assert.equal(coverage?.complete, false);
  });
}
