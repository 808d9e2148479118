import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { regionFolders } from "../../../core/engine/activity/region-folder.js";
import { withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { cloudTrailFileSource } from "../../../core/node/cloudtrail-files.js";
import { AUDIT_NOW, listBucketsRecord } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A trail described as recording every region, read from a copy of its us-east-1 folder alone
// (AWSLogs/ACCOUNT/CloudTrail/us-east-1/): a role working in eu-west-1 is silent in it however
// busy it is there.
const app = role(
  "app",
  ownPolicy([{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], Resource: "*" }]),
);
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});
let root: string;
let folder: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "region-folder-"));
  folder = join(root, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1");
  for (const day of days) {
    const dir = join(folder, ...day.split("-"));
    await mkdir(dir, { recursive: true });
    const record = listBucketsRecord(app, `${day}T12:00:00Z`, "us-east-1");
    const name = `${ACCOUNT}_CloudTrail_us-east-1_${day.replaceAll("-", "")}T1200Z_a.json`;
    await writeFile(join(dir, name), JSON.stringify({ Records: [record] }));
  }
});
after(() => rm(root, { recursive: true, force: true }));

test("a path inside one region's folder confines the source to that region", () => {
  assert.deepEqual(regionFolders(["copy/AWSLogs/123456789012/CloudTrail/us-east-1"]), ["us-east-1"]);
  assert.deepEqual(regionFolders(["a/CloudTrail/eu-west-1/2026/05", "b/CloudTrail/us-east-1/"]), [
    "eu-west-1",
    "us-east-1",
  ]);
  assert.equal(regionFolders(["copy/AWSLogs/123456789012/CloudTrail"]), undefined);
  assert.equal(regionFolders(["copy/AWSLogs/123456789012/CloudTrail/us-east-1", "other"]), undefined);
});

test("a copy of one region's folder of a trail described as every region's calls nothing unused elsewhere", async () => {
  const logging = withDescriptions(
    [{ ...basicSelector("All"), trail: "main" }],
    [{ Name: "main", IsMultiRegionTrail: true, HomeRegion: "us-east-1" }],
  );
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [app] }) },
      activity: [cloudTrailFileSource([folder])],
      logging,
    },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(
    rec === undefined || JSON.stringify(rec.policies).includes("ec2:DescribeInstances"),
    `ec2:DescribeInstances removed: ${JSON.stringify(rec?.policies.map((p) => p.document))}`,
  );
  assert.ok(!report.findings.some((f) => f.kind === "unused-action" && f.principalArn === app.arn));
});
