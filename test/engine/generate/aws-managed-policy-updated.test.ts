import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import type { ManagedPolicy } from "../../../core/engine/snapshot/model.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "Services occasionally add additional permissions to an AWS managed policy to support new
// features. This type of update affects all identities (users, groups, and roles) where the policy
// is attached." AWS makes the change in its own policy (arn:aws:iam::aws:policy/...): no call of
// the audited account's trail records it, and the snapshot's UpdateDate, "the date and time when
// the most recent policy version was created", is what shows it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html
// A role read bucket "data" all window (the fixture audit's window ends 2026-06-01); the AWS
// managed policy it holds gained sqs:CreateQueue for a new feature a week before the window ends.
const awsPolicy = (updateDate: string): ManagedPolicy => ({
  arn: "arn:aws:iam::aws:policy/ExampleAgentCore",
  name: "ExampleAgentCore",
  path: "/",
  isAwsManaged: true,
  defaultVersionId: "v7",
  createDate: "2019-03-14T00:00:00Z",
  updateDate,
  document: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["sqs:CreateQueue"], Resource: "arn:aws:sqs:*:*:*" }],
  },
});

async function recommendationWith(updateDate: string) {
  const policy = awsPolicy(updateDate);
  const app = role("app", {
    inlinePolicies: [
      {
        name: "own",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/*" }],
        },
      },
    ],
    attachedPolicyArns: [policy.arn],
  });
  const read: ActivityItem = eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: { bucketName: "data", key: "k" },
    resources: [{ ARN: "arn:aws:s3:::data/k" }, { ARN: "arn:aws:s3:::data" }],
  } as never);
  const report = await auditOf(
    snapshotWith({ roles: [app], managedPolicies: { [policy.arn]: policy } }),
    [read],
    { activity: { loggedDataEvents: ["AWS::S3::Object"] } },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!;
}

const update = { action: "sqs:CreateQueue", resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` };

test("what an AWS managed policy updated inside the window allows is kept, held for part of it only", async () => {
  const rec = await recommendationWith("2026-05-25T00:00:00Z");
  const documents = rec.policies.map((p) => p.document);
  assert.equal(
    holderDecision(documents, update),
    "Allow",
    `the agent's next call is refused: ${JSON.stringify(documents)}`,
  );
  assert.match(rec.summary, /2026-05-25/, "the summary says why it is kept");
});

test("what an AWS managed policy last updated before the window allows, unseen, is removed", async () => {
  const rec = await recommendationWith("2025-01-10T00:00:00Z");
  const documents = rec.policies.map((p) => p.document);
  assert.equal(holderDecision(documents, update), "ImplicitDeny");
  assert.ok(rec.removedActions.includes("sqs:CreateQueue"));
});
