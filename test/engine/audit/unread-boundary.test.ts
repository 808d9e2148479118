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

test("a hand-made snapshot without warnings gets one naming the boundary it holds no document for", async () => {
  const app = role("app", { permissionsBoundaryArn: policyArn("deleted-fence") });
  const report = await auditOf(snapshotWith({ roles: [app], warnings: [] }), [listBuckets(app.arn)]);
  const named = report.sources.warnings.filter((w) => w.includes(policyArn("deleted-fence")));
  assert.equal(named.length, 1, report.sources.warnings.join("\n"));
  assert.match(named[0]!, /no document in the snapshot.*app/);
});

test("a role whose boundary has a statement that cannot be read is warned of, its policy-invalid finding says how the boundary is read, and it gets no policy", async () => {
  const fence = policyArn("fence");
  const app = role("app", {
    inlinePolicies: [
      {
        name: "all",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
    permissionsBoundaryArn: fence,
  });
  const document = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Sid: "x".repeat(40_000), Effect: "Allow", Action: "iam:*", Resource: "*" },
    ],
  };
  const snapshot = snapshotWith({
    roles: [app],
    managedPolicies: {
      [fence]: { arn: fence, name: "fence", isAwsManaged: false, defaultVersionId: "v1", document },
    },
  });
  const report = await auditOf(snapshot, [listBuckets(app.arn)]);
  const admin = report.findings.find((f) => f.kind === "admin-access" && f.principalArn === app.arn);
  assert.equal(admin?.evidence.level, "conditional");
  assert.equal(
    report.sources.warnings.filter((w) => w.includes(fence)).length,
    1,
    report.sources.warnings.join("\n"),
  );
  const invalid = report.findings.find((f) => f.kind === "policy-invalid" && f.policyArn === fence);
  assert.match(invalid?.detail ?? "", /As a permissions boundary/);
  assert.deepEqual(report.recommendations, []);
  const unproven = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === app.arn,
  );
  assert.match(JSON.stringify(unproven?.evidence ?? {}), /policy\/fence/);
});
