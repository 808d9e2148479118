import assert from "node:assert/strict";
import { test } from "node:test";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { AUDIT_NOW, auditOf, listBucketsBy } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { credentials, ownPolicy, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A role and a key last used the day before a snapshot of 2026-01-01, audited on 2026-06-01.
const LAST = "2025-12-31T00:00:00.000Z";
const listUsers = ownPolicy([{ Effect: "Allow", Action: "iam:ListUsers", Resource: "*" }]);
const ops = role("ops", { roleLastUsed: { date: LAST, region: "us-east-1" }, ...listUsers });
const dev = user("dev", listUsers);
const devKeys = credentials("dev", {
  accessKeys: [
    { id: "AKIADEV", slot: 1, status: "Active", created: "2025-01-01T00:00:00.000Z", lastUsed: LAST },
  ],
});
const snapshotAt = (collectedAt: string) =>
  snapshotWith({ collectedAt, roles: [ops], users: [dev], credentials: { [devKeys.userArn]: devKeys } });

/** The audit at AUDIT_NOW over 90 days with no CloudTrail source: IAM's own data is all there is. */
const withoutTrail = (collectedAt: string) =>
  runAudit(
    { snapshot: { description: "fixture", load: async () => snapshotAt(collectedAt) }, activity: [] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );

const unusedKinds = (report: Report) =>
  report.findings
    .filter((f) => f.kind === "unused-role" || f.kind === "unused-access-key")
    .map((f) => f.kind)
    .sort();
const staleProblem = (report: Report) =>
  report.sources.problems?.find((p) => p.code === "snapshot-older-than-audit");

test("a snapshot 151 days older than the audit time, with no trail, calls neither role nor key unused and says why", async () => {
  const report = await withoutTrail("2026-01-01T00:00:00.000Z");
  assert.deepEqual(unusedKinds(report), []);
  const problem = staleProblem(report);
  assert.match(
    problem?.message ?? "",
    /^collected 2026-01-01T00:00:00\.000Z, 151 day\(s\) before the audit time/,
  );
  assert.ok(report.sources.warnings.some((w) => w.startsWith("snapshot: collected 2026-01-01")));
  const row = report.principals.find((p) => p.arn === ops.arn);
  assert.equal(row?.usage, "unknown");
  assert.match(row?.usageReason ?? "", /IAM's last-used data ends at the snapshot/);
});

test("a snapshot collected the day before the audit time shows the role and key unused, with no such problem", async () => {
  const report = await withoutTrail("2026-05-31T00:00:00.000Z");
  assert.deepEqual(unusedKinds(report), ["unused-access-key", "unused-role"]);
  assert.equal(staleProblem(report), undefined);
  assert.equal(report.principals.find((p) => p.arn === ops.arn)?.usage, "unused");
});

test("a trail covering the window since the old snapshot, silent about them, shows the role unused, not the key", async () => {
  const report = await auditOf(snapshotAt("2026-03-15T00:00:00.000Z"), [listBucketsBy("app")]);
  // A resource policy may allow the key calls no trail records: only the report, ending at the
  // snapshot, could show them.
  assert.deepEqual(unusedKinds(report), ["unused-role"]);
  assert.equal(report.principals.find((p) => p.arn === dev.arn)?.usage, "unknown");
  // The snapshot's age is still said: IAM's data did not speak for the days since.
  assert.ok(staleProblem(report));
});
