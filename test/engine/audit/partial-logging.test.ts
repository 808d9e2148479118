import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActivitySource } from "../../../core/engine/activity/types.js";
import { runAudit } from "../../../core/engine/audit.js";
import { catalog } from "../../helpers/catalog.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const reader = role("reader", {
  inlinePolicies: [
    {
      name: "own",
      document: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListAllMyBuckets"], Resource: "*" }],
      },
    },
  ],
});
// Object-level events of bucket-a only: reads of bucket-b are never logged.
const oneBucket: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: [{ type: "AWS::S3::Object", read: true, write: true, resources: ["arn:aws:s3:::bucket-a/"] }],
};
const trail: ActivitySource = {
  description: "fixture trail",
  async *read() {
    yield [
      {
        kind: "event" as const,
        event: {
          eventSource: "s3.amazonaws.com",
          eventName: "GetObject",
          eventTime: "2026-05-20T00:00:00Z",
          awsRegion: "us-east-1",
          userIdentity: {
            type: "AssumedRole",
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/s`,
            sessionContext: { sessionIssuer: { type: "Role", arn: reader.arn } },
          },
          requestParameters: { bucketName: "bucket-a", key: "k" },
          resources: [{ type: "AWS::S3::Object", ARN: "arn:aws:s3:::bucket-a/k" }],
        },
      },
    ];
  },
};

test("an action the trail logs for some resources only keeps every resource it is granted on", async () => {
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [reader] }) },
      activity: [trail],
      logging: [oneBucket],
    },
    { catalog, now: new Date("2026-06-01T00:00:00Z"), days: 90, version: "test" },
  );
  const rec = report.recommendations.find((r) => r.principalArn === reader.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(rec?.observedActions, ["s3:GetObject"]);
  const getObject = rec?.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && (s.Action ?? []).includes("s3:GetObject"))
    .flatMap((s) => s.Resource ?? []);
  assert.deepEqual(getObject, ["*"], "reads of bucket-b, which the trail never logs, still work");
  assert.ok(rec?.unobservableKept.includes("s3:GetObject"));
});

test("a trail of write events only never shows kms:Decrypt, whose events are read-only: it is kept, not unused", async () => {
  const app = role("app", {
    inlinePolicies: [
      {
        name: "own",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["iam:CreateUser", "kms:Decrypt"], Resource: "*" }],
        },
      },
    ],
  });
  const writesOnly: TrailLogging = {
    management: { read: false, write: { excludedSources: [] } },
    data: [],
  };
  const createUser: ActivitySource = {
    description: "fixture trail",
    async *read() {
      yield [
        {
          kind: "event" as const,
          event: {
            eventSource: "iam.amazonaws.com",
            eventName: "CreateUser",
            eventTime: "2026-05-20T00:00:00Z",
            awsRegion: "us-east-1",
            userIdentity: {
              type: "AssumedRole",
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
              sessionContext: { sessionIssuer: { type: "Role", arn: app.arn } },
            },
            requestParameters: { userName: "new" },
          },
        },
      ];
    },
  };
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [app] }) },
      activity: [createUser],
      logging: [writesOnly],
    },
    { catalog, now: new Date("2026-06-01T00:00:00Z"), days: 90, version: "test" },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  // KMS records Decrypt with "readOnly": true though its access level is Write.
  assert.equal(rec?.removedActions.includes("kms:Decrypt"), false);
  assert.ok(rec?.unobservableActions.includes("kms:Decrypt"));
  const unused = report.findings.filter(
    (f) => f.principalArn === app.arn && (f.kind === "unused-service" || f.kind === "unused-action"),
  );
  assert.deepEqual(
    unused.filter((f) => JSON.stringify(f.evidence).includes("kms")),
    [],
  );
});

test("a single-region trail never shows a call made in another region: what it did not see is kept, not unused", async () => {
  const app = role("app", {
    inlinePolicies: [
      {
        name: "own",
        document: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "ec2:TerminateInstances"], Resource: "*" },
          ],
        },
      },
    ],
  });
  // Every management event, but of us-east-1 alone: the role may terminate instances in eu-west-1.
  const homeRegionOnly: TrailLogging = {
    management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
    data: [],
    regions: ["us-east-1"],
  };
  const listBuckets: ActivitySource = {
    description: "fixture trail",
    async *read() {
      yield [
        {
          kind: "event" as const,
          event: {
            eventSource: "s3.amazonaws.com",
            eventName: "ListBuckets",
            eventTime: "2026-05-20T00:00:00Z",
            awsRegion: "us-east-1",
            userIdentity: {
              type: "AssumedRole",
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
              sessionContext: { sessionIssuer: { type: "Role", arn: app.arn } },
            },
          },
        },
      ];
    },
  };
  const report = await runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshotWith({ roles: [app] }) },
      activity: [listBuckets],
      logging: [homeRegionOnly],
    },
    { catalog, now: new Date("2026-06-01T00:00:00Z"), days: 90, version: "test" },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.equal(rec?.removedActions.includes("ec2:TerminateInstances"), false);
  assert.ok(rec?.unobservableKept.includes("ec2:TerminateInstances"));
  const unused = report.findings.filter((f) => f.principalArn === app.arn && f.kind === "unused-action");
  assert.deepEqual(
    unused.flatMap((f) => f.actions ?? []),
    [],
  );
});
