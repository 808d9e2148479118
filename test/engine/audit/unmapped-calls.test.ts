import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { auditOf } from "../../helpers/audit-fixture.js";
import { planFor } from "../../helpers/plan-fixture.js";
import { ACCOUNT, allowDoc, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A role allowed every SQS action, seen sending messages and calling an SQS API the catalog does
// not know (newer than it, or named apart from its action). A policy generated from the catalog
// would list sqs:SendMessage alone, and the other call would be denied once it is applied.
const queue = role("queue", { inlinePolicies: [{ name: "sqs", document: allowDoc("sqs:*") }] });
const call = (eventName: string, errorCode?: string): ActivityItem => ({
  kind: "event",
  event: {
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    eventSource: "sqs.amazonaws.com",
    eventName,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/queue/s`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: queue.arn } },
    },
    ...(errorCode ? { errorCode } : {}),
  } as CloudTrailEvent,
});

test("a principal seen making an allowed call of no known action gets no recommendation, and the reason names the call", async () => {
  const report = await auditOf(snapshotWith({ roles: [queue] }), [
    call("SendMessage"),
    call("SendMessageWithFutureFeature"),
    call("SendMessageWithFutureFeature"),
  ]);
  assert.deepEqual(report.recommendations, []);
  assert.deepEqual(report.plans, []);
  const unproven = report.findings.filter(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === queue.arn,
  );
  assert.equal(unproven.length, 1);
  assert.match(unproven[0]!.detail, /map to no IAM action/);
  assert.match(JSON.stringify(unproven[0]), /sqs\.amazonaws\.com SendMessageWithFutureFeature \(2 calls\)/);
  // The account-wide tally still lists the event.
  assert.equal(report.activity.unmapped[0]?.eventName, "SendMessageWithFutureFeature");
});

test("a refused call of no known action, or none at all, leaves the recommendation as it was", async () => {
  const refused = await auditOf(snapshotWith({ roles: [queue] }), [
    call("SendMessage"),
    call("SendMessageWithFutureFeature", "AccessDenied"),
  ]);
  const plain = await auditOf(snapshotWith({ roles: [queue] }), [call("SendMessage")]);
  assert.equal(plain.recommendations.length, 1);
  assert.deepEqual(refused.recommendations, plain.recommendations);
  assert.deepEqual(plain.recommendations[0]!.observedActions, ["sqs:SendMessage"]);
});

test("a change plan touching a member seen making such calls is refused, with the member and the call", () => {
  const team = group("team", { inlinePolicies: [{ name: "sqs", document: allowDoc("sqs:*") }] });
  const dev = user("dev", { groups: ["team"] });
  const snapshot = snapshotWith({ groups: [team], users: [dev] });
  const observed = { [dev.arn]: [{ action: "sqs:SendMessage", count: 1, resources: [], unscopedCalls: 1 }] };
  const planned = planFor(snapshot, observed);
  assert.ok(planned.plans.some((p) => p.target.arn === team.arn));
  const refused = planFor(snapshot, observed, [], {
    [dev.arn]: [{ eventSource: "sqs.amazonaws.com", eventName: "SendMessageWithFutureFeature", count: 1 }],
  });
  assert.ok(!refused.plans.some((p) => p.target.arn === team.arn));
  const failure = refused.failures.find((f) => f.targetArn === team.arn);
  assert.match(failure?.reason ?? "", /map to no IAM action/);
  assert.deepEqual(failure?.violations, ["dev: sqs.amazonaws.com SendMessageWithFutureFeature (1 call)"]);
});
