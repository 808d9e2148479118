import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { trailDescriptions, withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditWith, eventItem, listBucketsBy, roleSession } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { managed } from "../../helpers/plan-fixture.js";
import { appWithReports } from "../../helpers/reports-grant.js";
import { ACCOUNT, group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A role listing buckets all window. Five days ago a managed policy was attached to it for a
// monthly report that describes instances; the report has not run yet. A trail of read events
// only records the role's calls and would record the report's, but never the AttachRolePolicy (a
// write event) that says the grant is new: the window has not seen what it minimizes.
const { reports, app } = appWithReports();
const list: ActivityItem = eventItem({
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  eventTime: "2026-03-10T00:00:00Z",
  recipientAccountId: ACCOUNT,
  userIdentity: roleSession(app.arn, "app"),
  readOnly: true,
} as never);
const attach: ActivityItem = eventItem({
  eventSource: "iam.amazonaws.com",
  eventName: "AttachRolePolicy",
  eventTime: "2026-05-27T00:00:00Z",
  recipientAccountId: ACCOUNT,
  userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT },
  requestParameters: { roleName: "app", policyArn: reports.arn },
  readOnly: false,
} as never);

// Every management event but IAM's writes: STS's session calls are recorded, so a shared policy's
// plan is not refused for them, and only the grants' dates are missing.
const ALL_BUT_IAM_WRITES = parseEventSelectors(
  {
    AdvancedEventSelectors: [
      {
        Name: "reads",
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", Equals: ["true"] },
        ],
      },
      {
        Name: "writes, not IAM",
        FieldSelectors: [
          { Field: "eventCategory", Equals: ["Management"] },
          { Field: "readOnly", Equals: ["false"] },
          { Field: "eventSource", NotEquals: ["iam.amazonaws.com"] },
        ],
      },
    ],
  },
  "all-but-iam-writes.json",
);

const keepsReport = (report: Report) => {
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  return rec === undefined || JSON.stringify(rec.policies).includes("ec2:DescribeInstances");
};

const refusal = (report: Report, arn: string) =>
  report.findings.find(
    (f) => f.kind === "recommendation-unproven" && (f.principalArn === arn || f.policyArn === arn),
  );

test("a trail of every event shows the policy attached last week, and its grant is kept", async () => {
  const snapshot = snapshotWith({ roles: [app], managedPolicies: { [reports.arn]: reports } });
  const report = await auditWith(snapshot, [list, attach], { logging: [basicSelector("All")] });
  assert.ok(keepsReport(report));
  assert.ok(report.recommendations.some((r) => r.principalArn === app.arn));
});

test("a trail of read events only cannot date a grant: no recommendation removes what the window did not show", async () => {
  // The AttachRolePolicy happened, but a read-only trail never delivers it.
  const snapshot = snapshotWith({ roles: [app], managedPolicies: { [reports.arn]: reports } });
  const report = await auditWith(snapshot, [list], { logging: [basicSelector("ReadOnly")] });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(
    keepsReport(report),
    `ec2:DescribeInstances removed (verified ${rec?.removedVerified}): ${JSON.stringify(rec?.policies.map((p) => p.document))}`,
  );
  assert.match(refusal(report, app.arn)?.detail ?? "", /does not record IAM's write events/);
  // Nor is the grant reported unused: it may have been held for five days only.
  assert.ok(!report.findings.some((f) => f.kind === "unused-action" && f.principalArn === app.arn));
});

// A group whose policy allows listing buckets and describing instances; its one member lists buckets.
const shared = managed("shared", {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], Resource: "*" }],
});
const team = group("team", { attachedPolicyArns: [shared.arn] });
const ann = user("ann", { groups: [team.name] });

test("a group gets no plan from its members' silence when the trail cannot date a grant", async () => {
  const snapshot = snapshotWith({ users: [ann], groups: [team], managedPolicies: { [shared.arn]: shared } });
  const dated = await auditWith(snapshot, [listBucketsBy("ann")], { logging: [basicSelector("All")] });
  assert.ok(dated.plans.some((p) => p.target.arn === team.arn));
  const undated = await auditWith(snapshot, [listBucketsBy("ann")], { logging: [ALL_BUT_IAM_WRITES] });
  assert.equal(
    undated.plans.find((p) => p.target.arn === team.arn),
    undefined,
  );
  assert.match(refusal(undated, team.arn)?.detail ?? "", /does not record IAM's write events/);
});

test("a shared policy gets no new version from its holders' silence when the trail cannot date a grant", async () => {
  const holder = (name: string) => user(name, { attachedPolicyArns: [shared.arn] });
  const snapshot = snapshotWith({
    users: [holder("ann"), holder("ben")],
    managedPolicies: { [shared.arn]: shared },
  });
  const calls = [listBucketsBy("ann"), listBucketsBy("ben")];
  const dated = await auditWith(snapshot, calls, { logging: [basicSelector("All")] });
  assert.ok(dated.plans.some((p) => p.target.arn === shared.arn));
  const undated = await auditWith(snapshot, calls, { logging: [ALL_BUT_IAM_WRITES] });
  assert.equal(
    undated.plans.find((p) => p.target.arn === shared.arn),
    undefined,
  );
  assert.match(refusal(undated, shared.arn)?.detail ?? "", /does not record IAM's write events/);
});

// Two trails, as AWS suggests to avoid duplicate global service events: a multi-region trail of
// read events, and a us-east-1 trail of every event created with --no-include-global-service-events.
// Neither records the AttachRolePolicy.
test("a read trail of every region beside a us-east-1 trail without global service events cannot date a grant", async () => {
  const reads = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/reads`;
  const local = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/local`;
  const selectors = [
    parseEventSelectors({ TrailARN: reads, EventSelectors: [{ ReadWriteType: "ReadOnly" }] }, "reads.json"),
    parseEventSelectors({ TrailARN: local, EventSelectors: [{ ReadWriteType: "All" }] }, "local.json"),
  ];
  const described = trailDescriptions({
    trailList: [
      {
        TrailARN: reads,
        HomeRegion: "us-east-1",
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
      },
      {
        TrailARN: local,
        HomeRegion: "us-east-1",
        IsMultiRegionTrail: false,
        IncludeGlobalServiceEvents: false,
      },
    ],
  });
  assert.ok(described);
  const snapshot = snapshotWith({ roles: [app], managedPolicies: { [reports.arn]: reports } });
  const report = await auditWith(snapshot, [list], { logging: withDescriptions(selectors, described) });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(
    rec === undefined || JSON.stringify(rec.policies).includes("ec2:DescribeInstances"),
    `ec2:DescribeInstances removed: ${JSON.stringify(rec?.policies.map((p) => p.document))}`,
  );
});
