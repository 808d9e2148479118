import assert from "node:assert/strict";
import { test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { lastAccessEvidenceOf } from "../../../core/engine/audit/last-accessed.js";
import { AUDIT_NOW, auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// IAM's last-accessed data "includes all attempts to access an AWS API", shows recent activity only
// "within four hours", and CloudTrail is "the authoritative source for information about all API
// calls": where CloudTrail shows the principal calling a service inside the window that its
// last-accessed data says it did not touch, that data is behind, and shows none of the service's
// other actions unused.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
const SINCE = "2026-03-03T00:00:00Z";

test("a service CloudTrail shows called in the window is not unused, whatever its last-accessed date", () => {
  const evidence = lastAccessEvidenceOf(
    { services: [{ namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" }] },
    SINCE,
    [{ action: "s3:ListAllMyBuckets", count: 3 }],
  );
  assert.equal(evidence.verdict("s3:ListAllMyBuckets"), "used");
  assert.equal(evidence.verdict("s3:GetObject"), "accessed-service");
  // Refused calls are attempts too.
  const refused = lastAccessEvidenceOf({ services: [{ namespace: "s3" }] }, SINCE, [
    { action: "s3:ListAllMyBuckets", count: 0, refused: 1 },
  ]);
  assert.equal(refused.verdict("s3:GetObject"), "accessed-service");
});

test("a tracked action CloudTrail shows called is used, and its service's other tracked actions are not unused", () => {
  const evidence = lastAccessEvidenceOf(
    {
      services: [
        {
          namespace: "s3",
          lastAuthenticated: "2026-05-01T00:00:00Z",
          actions: [
            { action: "CreateBucket", lastAccessed: "2026-05-01T00:00:00Z" },
            { action: "PutBucketPolicy" },
            { action: "DeleteBucket" },
          ],
        },
      ],
    },
    SINCE,
    [{ action: "s3:PutBucketPolicy", count: 1 }],
  );
  assert.equal(evidence.verdict("s3:PutBucketPolicy"), "used");
  assert.equal(evidence.verdict("s3:DeleteBucket"), "accessed-service");
});

test("without a contradicting call, last-accessed data still shows a service or tracked action unused", () => {
  const evidence = lastAccessEvidenceOf(
    {
      services: [
        { namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" },
        {
          namespace: "ec2",
          lastAuthenticated: "2026-05-01T00:00:00Z",
          actions: [
            { action: "DescribeInstances", lastAccessed: "2026-05-01T00:00:00Z" },
            { action: "TerminateInstances" },
          ],
        },
      ],
    },
    SINCE,
    // Derived calls are not calls of their own, and possibly needed ones were not certainly made.
    [
      { action: "ec2:DescribeInstances", count: 4 },
      { action: "s3:GetObject", count: 1, inferred: true },
      { action: "s3:PutObject", count: 1, possible: true },
    ],
  );
  assert.equal(evidence.verdict("s3:GetObject"), "unused");
  assert.equal(evidence.verdict("ec2:TerminateInstances"), "unused");
});

test("keep-if-accessed keeps an object read the trail cannot show when CloudTrail shows the role using S3 that its last-accessed data says it did not", async () => {
  const app = role("app", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetObject", "s3:PutObject"], Resource: "*" },
    ]),
  });
  // Last-accessed data of a job a day before the audit, taken as speaking for the window: the
  // role's first S3 calls came after it, as CloudTrail shows.
  const snapshot = snapshotWith({
    collectedAt: AUDIT_NOW.toISOString(),
    roles: [app],
    lastAccessed: {
      [app.arn]: {
        jobCompleted: "2026-05-31T04:00:00Z",
        services: [{ namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" }],
      },
    },
  });
  const listBuckets: Partial<CloudTrailEvent> = {
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    eventTime: "2026-05-31T20:00:00Z",
    userIdentity: roleSession(app.arn, "app") as CloudTrailEvent["userIdentity"],
  };
  const report = await auditOf(snapshot, [eventItem(listBuckets)], {
    generate: { unobservable: "keep-if-accessed" },
  });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.unobservableKept, ["s3:GetObject", "s3:PutObject"]);
  assert.ok(!rec?.removedActions.includes("s3:GetObject"));
});
