import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, group, ownPolicy, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A role reading bucket "old" all window; a week ago a managed policy was attached so that its
// new job reads bucket "new". The action is the same (s3:GetObject), the resource is not.
const newData = managed("new-data", {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::new/*" }],
});
const oldOnly = {
  name: "own",
  document: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::old/*" }],
  },
};
const app = role("app", { inlinePolicies: [oldOnly], attachedPolicyArns: [newData.arn] });
const snapshot = snapshotWith({ roles: [app], managedPolicies: { [newData.arn]: newData } });
const admin = {
  type: "IAMUser",
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: "admin",
};
const logged = { activity: { loggedDataEvents: ["AWS::S3::Object"] } };

const readOld = (userIdentity: object): ActivityItem =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    recipientAccountId: ACCOUNT,
    userIdentity,
    requestParameters: { bucketName: "old", key: "k" },
    resources: [{ ARN: "arn:aws:s3:::old/k" }, { ARN: "arn:aws:s3:::old" }],
  } as never);
const read = readOld(roleSession(app.arn, "app"));
const iamCall = (eventName: string, requestParameters: object): ActivityItem =>
  eventItem({
    eventSource: "iam.amazonaws.com",
    eventName,
    eventTime: "2026-05-25T00:00:00Z",
    recipientAccountId: ACCOUNT,
    userIdentity: admin,
    requestParameters,
  } as never);
const attached = iamCall("AttachRolePolicy", { roleName: "app", policyArn: newData.arn });

/** The decision of a role holding only `documents` as inline policies. */
const decide = (documents: unknown[], resource: string) =>
  holderDecision(documents, { action: "s3:GetObject", resource });

test("a policy attached a week ago keeps its grant on the new bucket, though the action is seen on another", async () => {
  const report = await auditOf(snapshot, [read, attached], logged);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  assert.equal(
    decide(documents, "arn:aws:s3:::new/report.csv"),
    "Allow",
    `the new job's read is refused: ${text}`,
  );
  assert.equal(decide(documents, "arn:aws:s3:::old/k"), "Allow", text);
  // Only the attached policy was granted recently: the old grant is still scoped to what was seen.
  assert.equal(decide(documents, "arn:aws:s3:::old/other"), "ImplicitDeny", text);
  assert.match(rec!.summary ?? "", /keeps what policies granted inside the window allow/);
});

test("a recent grant's conditions are kept with its resources", async () => {
  const fromVpce = managed("new-data", {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::new/*",
        Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
      },
    ],
  });
  const report = await auditOf(
    snapshotWith({ roles: [app], managedPolicies: { [fromVpce.arn]: fromVpce } }),
    [read, attached],
    logged,
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const statements = rec!.policies.flatMap((p) => p.document.Statement) as {
    Resource?: string[];
    Condition?: unknown;
  }[];
  const onNew = statements.filter((s) => s.Resource?.includes("arn:aws:s3:::new/*"));
  assert.deepEqual(
    onNew.map((s) => s.Condition),
    [{ StringEquals: { "aws:SourceVpce": ["vpce-1"] } }],
    JSON.stringify(statements),
  );
  assert.notEqual(
    decide(
      rec!.policies.map((p) => p.document),
      "arn:aws:s3:::new/x",
    ),
    "Allow",
  );
});

test("an inline policy rewritten a week ago to add the new bucket keeps it, though the action is seen on the old one", async () => {
  const rewritten = role("app", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: ["arn:aws:s3:::old/*", "arn:aws:s3:::new/*"],
      },
    ]),
  });
  const put = iamCall("PutRolePolicy", { roleName: "app", policyName: "own", policyDocument: "{}" });
  const report = await auditOf(snapshotWith({ roles: [rewritten] }), [read, put], logged);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  // What the rewrite replaced is unknown: every statement the role holds is kept as granted, and
  // the observed ARN is not repeated beside the pattern covering it.
  assert.equal(decide(documents, "arn:aws:s3:::new/report.csv"), "Allow", `new bucket dropped: ${text}`);
  assert.equal(decide(documents, "arn:aws:s3:::old/other"), "Allow", text);
  assert.doesNotMatch(text, /old\/k/);
});

test("a group's plan keeps the new bucket of a policy attached to the group a week ago", async () => {
  const readers = group("readers", { inlinePolicies: [oldOnly], attachedPolicyArns: [newData.arn] });
  const members = ["ana", "bo"].map((name) => user(name, { groups: ["readers"] }));
  const report = await auditOf(
    snapshotWith({ users: members, groups: [readers], managedPolicies: { [newData.arn]: newData } }),
    [
      ...members.map((m) => readOld({ type: "IAMUser", arn: m.arn, accountId: ACCOUNT, userName: m.name })),
      iamCall("AttachGroupPolicy", { groupName: "readers", policyArn: newData.arn }),
    ],
    logged,
  );
  const plan = report.plans.find((p) => p.target.arn === readers.arn);
  assert.deepEqual(plan?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = plan!.create.map((c) => c.document);
  const text = JSON.stringify(documents);
  assert.equal(
    decide(documents, "arn:aws:s3:::new/report.csv"),
    "Allow",
    `the new job's read is refused: ${text}`,
  );
  assert.equal(decide(documents, "arn:aws:s3:::old/k"), "Allow", text);
});
