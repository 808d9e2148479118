import assert from "node:assert/strict";
import { test } from "node:test";
import { auditWith, listBucketsRecord } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { input, principal } from "../../helpers/policies.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "Allow s3:* on every resource but the secret prefix" (NotResource) is a common way to wall off
// one prefix. The role lists its buckets; the trail logs no data events, so the object actions it
// holds are kept as granted. Kept on "*", they would open the walled-off prefix: the proof refuses
// that, and the role gets no recommendation at all.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
const SECRET = "arn:aws:s3:::secret/*";
const app = role("app", { ...ownPolicy([{ Effect: "Allow", Action: "s3:*", NotResource: SECRET }]) });

test("a role allowed S3 on all but a prefix gets a proven policy that keeps the prefix walled off", async () => {
  const report = await auditWith(
    snapshotWith({ roles: [app] }),
    [{ kind: "event", event: listBucketsRecord(app, "2026-05-20T00:00:00Z", "us-east-1") as never }],
    { logging: [basicSelector("All")] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  const unproven = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === app.arn,
  );
  assert.ok(rec, `no recommendation: ${JSON.stringify(unproven?.evidence ?? null).slice(0, 300)}`);
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  const applied = principal(rec.policies.map((p) => input(p.name, p.document)));
  assert.equal(applied.evaluate({ action: "s3:ListAllMyBuckets", resource: "*" }).decision, "Allow");
  assert.notEqual(
    applied.evaluate({ action: "s3:GetObject", resource: "arn:aws:s3:::secret/k" }).decision,
    "Allow",
  );
});
