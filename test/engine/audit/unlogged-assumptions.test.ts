import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActivitySource } from "../../../core/engine/activity/types.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { AUDIT_NOW, listBucketsBy } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role a service assumes to read objects: its own calls are data events, and being assumed
// (sts AssumeRole, a read-only event) is the only record of its use. It may also tag buckets, a
// write management event it never made. No RoleLastUsed: CloudTrail is the only evidence.
const worker = role("worker", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutBucketTagging"], Resource: "*" }]),
});

const selectors = (readWriteType: "WriteOnly" | "All") =>
  parseEventSelectors(
    { EventSelectors: [{ ReadWriteType: readWriteType, IncludeManagementEvents: true, DataResources: [] }] },
    `${readWriteType}.json`,
  );

async function usageOfWorker(logging: TrailLogging) {
  const trail: ActivitySource = {
    description: "fixture trail",
    async *read() {
      yield [listBucketsBy("app")];
    },
  };
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [worker] }) },
      activity: [trail],
      logging: [logging],
    },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  return {
    usage: report.principals.find((p) => p.arn === worker.arn)?.usage,
    unusedRole: report.findings.some((f) => f.kind === "unused-role" && f.principalArn === worker.arn),
  };
}

test("a trail of write events alone never records a role assumed: its silence cannot make the role unused", async () => {
  assert.deepEqual(await usageOfWorker(selectors("WriteOnly")), { usage: "unknown", unusedRole: false });
});

test("a trail that records AssumeRole (a read event) can show the role unused", async () => {
  assert.deepEqual(await usageOfWorker(selectors("All")), { usage: "unused", unusedRole: true });
});
