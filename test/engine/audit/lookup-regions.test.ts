import assert from "node:assert/strict";
import { test } from "node:test";
import { cloudTrailLookupSource } from "../../../core/aws/cloudtrail-lookup-source.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { AUDIT_NOW, listBucketsRecord } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { appWithReports } from "../../helpers/reports-grant.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";

// `--lookup-events --lookup-regions eu-west-1`: LookupEvents answers for its own region only, and
// IAM's events are in us-east-1's event history. The AttachRolePolicy of five days ago is never read.
const { reports, app } = appWithReports();

test("LookupEvents read in named regions without us-east-1 neither dates grants nor calls an action unused", async () => {
  const record = listBucketsRecord(app, "2026-05-20T00:00:00Z", "eu-west-1");
  const source = cloudTrailLookupSource({
    cloudtrail: () =>
      ({
        send: async () => ({
          Events: [{ EventId: "1", EventName: "ListBuckets", CloudTrailEvent: JSON.stringify(record) }],
        }),
      }) as never,
    regions: ["eu-west-1"],
    sleep: async () => {},
  });
  const snapshot = snapshotWith({ roles: [app], managedPolicies: { [reports.arn]: reports } });
  const report = await runAudit(
    { snapshot: { description: "fixture", load: async () => snapshot }, activity: [source] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(
    rec === undefined || JSON.stringify(rec.policies).includes("ec2:DescribeInstances"),
    `ec2:DescribeInstances removed: ${JSON.stringify(rec?.policies.map((p) => p.document))}`,
  );
  assert.ok(
    !report.findings.some((f) => f.kind === "unused-action" && f.principalArn === app.arn),
    JSON.stringify(report.findings.filter((f) => f.kind === "unused-action").map((f) => f.actions)),
  );
});
