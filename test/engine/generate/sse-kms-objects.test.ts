import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { EVERY_S3_OBJECT } from "../../helpers/event-selectors.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// S3 decrypts an SSE-KMS object's data key with KMS under the reader's identity, and asks KMS for a
// data key under the writer's: the caller needs kms:Decrypt, kms:GenerateDataKey, on the object's
// key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html). A read's
// record does not name the key; a trail logging S3's object events but not KMS's shows no KMS call.
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;

// S3's object events and every management event but KMS's.
const withoutKms = parseEventSelectors(
  {
    EventSelectors: [
      { ReadWriteType: "All", IncludeManagementEvents: true, DataResources: EVERY_S3_OBJECT },
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: ["kms.amazonaws.com"],
      },
    ],
  },
  "selectors.json",
);

const worker = (statements: unknown[]) =>
  role("worker", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::reports/*" },
      ...statements,
    ]),
  });

const objectCall = (
  arn: string,
  name: "GetObject" | "PutObject",
  params: Record<string, unknown> = {},
  beside: Record<string, unknown> = {},
): ActivityItem =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: name,
    eventCategory: "Data",
    readOnly: name === "GetObject",
    managementEvent: false,
    userIdentity: roleSession(arn, "worker"),
    requestParameters: { bucketName: "reports", key: "2026/q1.csv", ...params },
    resources: [
      { type: "AWS::S3::Object", ARN: "arn:aws:s3:::reports/2026/q1.csv" },
      { accountId: ACCOUNT, type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::reports" },
    ],
    ...beside,
  } as never);

async function generated(
  statements: unknown[],
  items: (arn: string) => ActivityItem[],
  unobservable: "drop" | "review" | "keep" = "drop",
) {
  const principal = worker(statements);
  const report = await auditWith(snapshotWith({ roles: [principal] }), items(principal.arn), {
    config: { generate: { unobservable } },
    logging: [withoutKms],
  });
  const rec = report.recommendations.find((r) => r.principalArn === principal.arn);
  assert.ok(rec, "a recommendation for the role");
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  const documents = rec.policies.map((p) => p.document);
  return {
    rec,
    report,
    arn: principal.arn,
    decide: (action: string, resource: string) => holderDecision(documents, { action, resource }),
  };
}

describe("an object call's KMS key, where the trail does not log KMS", () => {
  for (const mode of ["drop", "review"] as const)
    test(`a read of an SSE-KMS object keeps the reader's kms:Decrypt as granted (unobservable: ${mode})`, async () => {
      const { decide, rec } = await generated(
        [{ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }],
        (arn) => [objectCall(arn, "GetObject", {}, { additionalEventData: { SSEApplied: "SSE_KMS" } })],
        mode,
      );
      assert.equal(decide("kms:Decrypt", KEY), "Allow");
      // Never more than today.
      assert.equal(decide("kms:Decrypt", OTHER), "ImplicitDeny");
      assert.ok(!rec.removedActions.includes("kms:Decrypt"));
    });

  test("a read whose record says nothing of its encryption keeps kms:Decrypt too", async () => {
    const { decide } = await generated([{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }], (arn) => [
      objectCall(arn, "GetObject"),
    ]);
    assert.equal(decide("kms:Decrypt", KEY), "Allow");
  });

  test("a reader not granted kms:Decrypt (the key policy grants it) is granted none", async () => {
    const { decide, rec, report, arn } = await generated([], (arn) => [objectCall(arn, "GetObject")]);
    assert.equal(decide("kms:Decrypt", KEY), "ImplicitDeny");
    assert.deepEqual(rec.notAllowed, []);
    // Only possibly needed: not counted among the actions seen used.
    assert.equal(report.principals.find((p) => p.arn === arn)?.observedActions, 1);
  });

  test("a write naming its key keeps kms:GenerateDataKey on that key alone", async () => {
    const { decide } = await generated(
      [{ Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" }],
      (arn) => [
        objectCall(
          arn,
          "PutObject",
          { "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": KEY },
          { additionalEventData: { SSEApplied: "SSE_KMS" } },
        ),
      ],
    );
    assert.equal(decide("kms:GenerateDataKey", KEY), "Allow");
    assert.equal(decide("kms:GenerateDataKey", OTHER), "ImplicitDeny");
    assert.equal(decide("kms:Decrypt", KEY), "ImplicitDeny");
  });

  test("a write the bucket's default encrypts with KMS keeps kms:GenerateDataKey as granted", async () => {
    const { decide } = await generated(
      [{ Effect: "Allow", Action: "kms:GenerateDataKey", Resource: KEY }],
      (arn) => [objectCall(arn, "PutObject", {}, { additionalEventData: { SSEApplied: "Default_SSE_KMS" } })],
    );
    assert.equal(decide("kms:GenerateDataKey", KEY), "Allow");
  });

  test("a write S3 encrypted with its own keys needs no KMS key", async () => {
    const { decide, rec } = await generated(
      [{ Effect: "Allow", Action: "kms:GenerateDataKey", Resource: KEY }],
      (arn) => [objectCall(arn, "PutObject", {}, { additionalEventData: { SSEApplied: "Default_SSE_S3" } })],
    );
    assert.equal(decide("kms:GenerateDataKey", KEY), "ImplicitDeny");
    assert.ok(rec.removedActions.includes("kms:GenerateDataKey"));
  });
});

describe("an object call's KMS key, where the trail logs KMS", () => {
  test("the reader's kms:Decrypt is not called unused, nor removed", async () => {
    const principal = worker([{ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }]);
    const report = await auditWith(
      snapshotWith({ roles: [principal] }),
      [objectCall(principal.arn, "GetObject", {}, { additionalEventData: { SSEApplied: "SSE_KMS" } })],
      { logging: [defaultLogging(["AWS::S3::Object"])] },
    );
    const unused = report.findings
      .filter((f) => f.principalArn === principal.arn && f.kind === "unused-action")
      .map((f) => JSON.stringify(f.evidence));
    assert.ok(!unused.some((e) => e.includes("kms:Decrypt")), `kms:Decrypt reported unused: ${unused}`);
    const rec = report.recommendations.find((r) => r.principalArn === principal.arn);
    assert.ok(rec && !rec.removedActions.includes("kms:Decrypt"));
  });
});
