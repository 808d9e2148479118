import assert from "node:assert/strict";
import { test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { AUDIT_NOW, auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const allow = (Action: string[]) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource: "*" }],
});
const deleter = managed("deleter", allow(["s3:DeleteBucket"]));
const app = role("app", {
  inlinePolicies: [{ name: "own", document: allow(["s3:ListAllMyBuckets"]) }],
  attachedPolicyArns: [deleter.arn],
});
const admin = {
  type: "IAMUser",
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: "admin",
};

/** The role's calls inside the window, and the policy an administrator attached on June 10th, after it. */
const items = [
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    userIdentity: roleSession(app.arn, "app"),
  }),
  eventItem({
    eventSource: "iam.amazonaws.com",
    eventName: "AttachRolePolicy",
    eventTime: "2026-06-10T00:00:00Z",
    userIdentity: admin,
    requestParameters: { roleName: "app", policyArn: deleter.arn },
  } as Partial<CloudTrailEvent>),
];

const audit = (collectedAt: string) =>
  auditOf(snapshotWith({ collectedAt, roles: [app], managedPolicies: { [deleter.arn]: deleter } }), items);
const unused = (report: Report) =>
  report.findings
    .filter((f) => f.principalArn === app.arn && f.kind === "unused-action")
    .flatMap((f) => f.actions ?? []);

test("a snapshot collected weeks after the window ends shows no held policy as unused: it may have been attached since", async () => {
  // The window ends at AUDIT_NOW (June 1st); the snapshot is of June 20th, after the attach.
  const report = await audit("2026-06-20T00:00:00.000Z");
  assert.equal(
    report.recommendations.find((r) => r.principalArn === app.arn),
    undefined,
    "s3:DeleteBucket, granted on June 10th for a job yet to run, would be removed",
  );
  const unproven = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === app.arn,
  );
  assert.match(unproven?.detail ?? "", /collected 2026-06-20T00:00:00.000Z, after the window ends/);
  assert.deepEqual(unused(report), []);
});

test("a snapshot collected as the window ends still minimizes from it", async () => {
  for (const collectedAt of [AUDIT_NOW.toISOString(), "2026-06-01T20:00:00.000Z"]) {
    const report = await audit(collectedAt);
    assert.deepEqual(
      report.recommendations.find((r) => r.principalArn === app.arn)?.removedActions,
      ["s3:DeleteBucket"],
      collectedAt,
    );
    assert.deepEqual(unused(report), ["s3:DeleteBucket"], collectedAt);
  }
});
