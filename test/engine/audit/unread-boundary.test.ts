import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const listBuckets = (arn: string): ActivityItem =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    sourceIPAddress: "203.0.113.5",
    userIdentity: roleSession(arn, "app"),
  });

test("a role whose permissions boundary has no document is a conditional administrator and gets no policy built without it", async () => {
  const app = role("app", {
    inlinePolicies: [
      {
        name: "all",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
    permissionsBoundaryArn: policyArn("deleted-fence"),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [listBuckets(app.arn)]);
  const admin = report.findings.find((f) => f.kind === "admin-access" && f.principalArn === app.arn);
  assert.equal(admin?.evidence.level, "conditional");
  assert.deepEqual(report.recommendations, []);
  const unproven = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === app.arn,
  );
  assert.match(JSON.stringify(unproven?.evidence ?? {}), /deleted-fence/);
});
