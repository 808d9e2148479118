import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { AUDIT_NOW, auditWith } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { createTopic, reader } from "./topic-creating-reader.js";

// Two trails: "management" logs every management event into one bucket, "objects" logs S3 object
// data events (no management event) into another. The files read hold a reader's CreateTopic, a
// management event: they are the management trail's, and show nothing of its object reads.
const management = (delivery?: TrailLogging["delivery"]): TrailLogging => ({
  trail: "management",
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: [],
  ...(delivery ? { delivery } : {}),
});
const objects = (delivery?: TrailLogging["delivery"]): TrailLogging => ({
  trail: "objects",
  management: { read: false, write: false },
  data: [{ type: "AWS::S3::Object", read: true, write: true, resources: "all" }],
  ...(delivery ? { delivery } : {}),
});

async function removed(logging: TrailLogging[]) {
  const role = reader();
  const report = await auditWith(snapshotWith({ roles: [role] }), [createTopic(role.arn)], { logging });
  // Without a recommendation nothing is removed: files that show neither trail for sure show nothing unmade.
  return report.recommendations.find((r) => r.principalArn === role.arn)?.removedActions ?? [];
}

test("files that may be either of two trails' are judged by what both record: one trail's data selectors do not make its events unused", async () => {
  // Delivery unknown (selectors given without describe-trails), or to different buckets.
  assert.equal((await removed([management(), objects()])).includes("s3:GetObject"), false);
  assert.equal(
    (await removed([management({ bucket: "mgmt-logs" }), objects({ bucket: "object-logs" })])).includes(
      "s3:GetObject",
    ),
    false,
  );
});

test("trails delivering to one bucket and prefix share their files: what either records is shown", async () => {
  const shared = { bucket: "org-logs", prefix: "trails" };
  const actions = await removed([management(shared), objects({ bucket: "org-logs", prefix: "/trails/" })]);
  assert.ok(actions.includes("s3:GetObject"), JSON.stringify(actions));
});

test("a trail bucket read live is judged by the trails delivering there alone, whatever else the account's trails log", async () => {
  // The deployed audit reads one bucket and every trail's selectors: the object trail's files are elsewhere.
  const role = reader();
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [role] }) },
      activity: [
        {
          description: "CloudTrail S3: s3://mgmt-logs/AWSLogs/",
          delivery: { bucket: "mgmt-logs" },
          async *read() {
            yield [createTopic(role.arn)];
          },
        },
      ],
      logging: [management({ bucket: "mgmt-logs" }), objects({ bucket: "object-logs" })],
    },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  const rec = report.recommendations.find((r) => r.principalArn === role.arn);
  assert.ok(rec, "a recommendation is made: the management trail's files are read");
  assert.equal(rec.removedActions.includes("s3:GetObject"), false, JSON.stringify(rec.removedActions));
  assert.ok(rec.unobservableKept.includes("s3:GetObject"));
});
