import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { auditOf } from "../../helpers/audit-fixture.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// An office's address list: 420 CIDRs make a 7 KB condition, which a role's inline policies may
// hold (10,240 characters) but no generated document can (6,144), whatever it is split into.
const OFFICE = {
  IpAddress: { "aws:SourceIp": Array.from({ length: 420 }, (_, i) => `203.0.${i >> 8}.${i & 255}/32`) },
};
const fromOffice = (Action: string[]) => ({
  name: "from-office",
  document: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action, Resource: "*", Condition: OFFICE }],
  },
});
const plain = (Action: string[]) => ({
  name: "plain",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource: "*" }] },
});

const describeInstances = (userIdentity: object): ActivityItem => ({
  kind: "event",
  event: {
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    sourceIPAddress: "203.0.0.5",
    userIdentity,
  } as CloudTrailEvent,
});
const sessionOf = (arn: string, name: string) => ({
  type: "AssumedRole",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: "Role", arn } },
});

test("a principal whose minimized policy cannot fit IAM's size limit is unproven; the audit and the others go on", async () => {
  const office = role("office", { inlinePolicies: [fromOffice(["ec2:DescribeInstances", "ec2:DeleteVpc"])] });
  const other = role("other", { inlinePolicies: [plain(["ec2:DescribeInstances", "ec2:DeleteVpc"])] });
  const staff = group("staff", { inlinePolicies: [fromOffice(["ec2:DescribeInstances", "ec2:DeleteVpc"])] });
  const dev = user("dev", { groups: ["staff"] });
  const report = await auditOf(snapshotWith({ roles: [office, other], groups: [staff], users: [dev] }), [
    describeInstances(sessionOf(office.arn, "office")),
    describeInstances(sessionOf(other.arn, "other")),
    describeInstances({ type: "IAMUser", arn: dev.arn, accountId: ACCOUNT, userName: "dev" }),
  ]);
  assert.deepEqual(
    report.recommendations.map((r) => r.principalArn),
    [other.arn],
  );
  const unproven = report.findings.filter((f) => f.kind === "recommendation-unproven");
  for (const arn of [office.arn, staff.arn])
    assert.match(unproven.find((f) => f.principalArn === arn)?.detail ?? "", /6144 characters/, arn);
});
