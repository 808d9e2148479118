import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html (Permissions):
// without a version ID the call needs s3:GetObject and s3:GetObjectAttributes; with one,
// s3:GetObjectVersion and s3:GetObjectVersionAttributes.
const auditor = role("auditor", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: [
        "s3:GetObject",
        "s3:GetObjectAttributes",
        "s3:GetObjectVersion",
        "s3:GetObjectVersionAttributes",
      ],
      Resource: "arn:aws:s3:::ledger/*",
    },
  ]),
});
const call = (requestParameters: Record<string, unknown>): ActivityItem =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObjectAttributes",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(auditor.arn, "auditor"),
    requestParameters: { bucketName: "ledger", key: "2026/05.csv", ...requestParameters },
    resources: [{ ARN: "arn:aws:s3:::ledger/2026/05.csv" }, { ARN: "arn:aws:s3:::ledger" }],
  });

for (const [what, params, needed] of [
  ["without a version ID", {}, ["s3:GetObject", "s3:GetObjectAttributes"]],
  ["with a version ID", { versionId: "v1" }, ["s3:GetObjectVersion", "s3:GetObjectVersionAttributes"]],
] as const) {
  test(`GetObjectAttributes ${what} keeps both permissions S3 checks`, async () => {
    const report = await auditOf(snapshotWith({ roles: [auditor] }), [call(params)], {
      activity: { loggedDataEvents: ["AWS::S3::Object"] },
    });
    const rec = report.recommendations.find((r) => r.principalArn === auditor.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const allowed = rec!.policies.flatMap((p) => p.document.Statement).flatMap((s) => s.Action ?? []);
    const unused = report.findings
      .filter((f) => f.principalArn === auditor.arn && f.kind === "unused-action")
      .flatMap((f) => f.actions ?? []);
    for (const action of needed) {
      assert.ok(!unused.includes(action), `${action} is called unused though the call needed it`);
      assert.ok(
        allowed.includes(action),
        `${action} dropped: kept ${JSON.stringify(allowed)}, removed ${JSON.stringify(rec?.removedActions)}, unused-action ${JSON.stringify(unused)}, verified ${rec?.removedVerified}`,
      );
    }
  });
}
