import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A job submitter: emr-serverless:StartJobRun is not an operation the trail read knows EMR
// Serverless records, and the Service Authorization Reference lists iam:PassRole among its
// dependent actions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html):
// each run passes the job's runtime role.
const jobRole = `arn:aws:iam::${ACCOUNT}:role/etl-job`;
const submitter = role("submitter", {
  ...ownPolicy([
    { Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: jobRole },
    { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
  ]),
});

// IAM's last-accessed data shows EMR Serverless accessed in the window and no IAM API called since
// last year: passing a role is no IAM API call, and no AWS page says whether the data counts it.
const snapshot: Snapshot = {
  ...snapshotWith({ roles: [submitter] }),
  collectedAt: AUDIT_NOW.toISOString(),
  lastAccessed: {
    [submitter.arn]: {
      services: [
        { namespace: "emr-serverless", lastAuthenticated: "2026-05-20T00:00:00Z" },
        { namespace: "iam", lastAuthenticated: "2025-05-20T00:00:00Z" },
        { namespace: "sts", lastAuthenticated: "2026-05-20T00:00:00Z" },
      ],
    },
  },
};

test("a kept call no trail records keeps the role it passes where last-accessed data drops what it shows unused", async () => {
  const report = await auditOf(
    snapshot,
    [
      eventItem({
        eventSource: "sts.amazonaws.com",
        eventName: "GetCallerIdentity",
        userIdentity: roleSession(submitter.arn, "submit"),
      }),
    ],
    { generate: { unobservable: "keep-if-accessed" } },
  );
  const rec = report.recommendations.find((r) => r.principalArn === submitter.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  const documents = rec!.policies.map((p) => p.document);
  assert.equal(holderDecision(documents, { action: "emr-serverless:StartJobRun", resource: "*" }), "Allow");
  // The job's next run passes its role as this one did.
  assert.equal(holderDecision(documents, { action: "iam:PassRole", resource: jobRole }), "Allow");
  assert.ok(rec!.unobservableKept.includes("iam:PassRole"));
});

// autoscaling:UpdateAutoScalingGroup, granted by a policy attached last week and not called since,
// passes a launch configuration's or template's role (the Service Authorization Reference lists
// iam:PassRole among its dependent actions:
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html).
// The recommendation keeps the recent grant; with no call seen, no record shows whether it passes one.
test("an action granted inside the window keeps the role its calls may pass", async () => {
  const scaling = managed("scaling", {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "autoscaling:UpdateAutoScalingGroup", Resource: "*" }],
  });
  const scaler = role("submitter", {
    ...ownPolicy([
      { Effect: "Allow", Action: "iam:PassRole", Resource: jobRole },
      { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
    ]),
    attachedPolicyArns: [scaling.arn],
  });
  const report = await auditOf(
    {
      ...snapshot,
      ...snapshotWith({ roles: [scaler], managedPolicies: { [scaling.arn]: scaling } }),
      collectedAt: snapshot.collectedAt,
      lastAccessed: snapshot.lastAccessed,
    },
    [
      eventItem({
        eventSource: "sts.amazonaws.com",
        eventName: "GetCallerIdentity",
        userIdentity: roleSession(scaler.arn, "scale"),
      }),
      eventItem({
        eventSource: "iam.amazonaws.com",
        eventName: "AttachRolePolicy",
        eventTime: "2026-05-25T00:00:00Z",
        userIdentity: {
          type: "IAMUser",
          arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
          accountId: ACCOUNT,
          userName: "admin",
        },
        requestParameters: { roleName: scaler.name, policyArn: scaling.arn },
      } as never),
    ],
    { generate: { unobservable: "keep-if-accessed" } },
  );
  const rec = report.recommendations.find((r) => r.principalArn === scaler.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  const documents = rec!.policies.map((p) => p.document);
  assert.equal(
    holderDecision(documents, { action: "autoscaling:UpdateAutoScalingGroup", resource: "*" }),
    "Allow",
  );
  assert.equal(holderDecision(documents, { action: "iam:PassRole", resource: jobRole }), "Allow", "PassRole");
});
