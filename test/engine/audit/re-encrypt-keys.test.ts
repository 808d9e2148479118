import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const SOURCE_ID = "1111aaaa-1111-4111-8111-111111111111";
const DESTINATION_ID = "2222bbbb-2222-4222-8222-222222222222";
const SOURCE = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${SOURCE_ID}`;
const DESTINATION = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${DESTINATION_ID}`;

// KMS authorizes kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
const leastPrivilege = () =>
  role(
    "rotator",
    ownPolicy([
      { Effect: "Allow", Action: "kms:ReEncryptFrom", Resource: SOURCE },
      { Effect: "Allow", Action: "kms:ReEncryptTo", Resource: DESTINATION },
    ]),
  );

const bothKeys = () =>
  role(
    "rotator",
    ownPolicy([
      { Effect: "Allow", Action: ["kms:ReEncryptFrom", "kms:ReEncryptTo"], Resource: [SOURCE, DESTINATION] },
    ]),
  );

// CloudTrail lists both keys among the record's resources, source first as it is logged.
const reEncrypt = (roleArn: string, requestParameters: object) =>
  eventItem({
    eventSource: "kms.amazonaws.com",
    eventName: "ReEncrypt",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "rotate"),
    requestParameters: {
      sourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      destinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      ...requestParameters,
    },
    resources: [
      { accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: SOURCE },
      { accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: DESTINATION },
    ],
  });

const grantsOf = (report: Report, arn: string) => {
  const rec = report.recommendations.find((r) => r.principalArn === arn);
  assert.ok(rec, "a recommendation is made");
  const on = (action: string) =>
    rec.policies
      .flatMap((p) => p.document.Statement)
      .filter((s) => s.Action?.includes(action))
      .flatMap((s) => s.Resource ?? [])
      .sort();
  return { rec, from: on("kms:ReEncryptFrom"), to: on("kms:ReEncryptTo") };
};

for (const [how, destinationKeyId] of [
  ["key ARN", DESTINATION],
  ["key id", DESTINATION_ID],
] as const) {
  test(`a ReEncrypt naming its destination by ${how} needs ReEncryptFrom on the source key only and ReEncryptTo on the destination only`, async () => {
    const rotator = leastPrivilege();
    const report = await auditOf(snapshotWith({ roles: [rotator] }), [
      reEncrypt(rotator.arn, { destinationKeyId }),
    ]);
    const { rec, from, to } = grantsOf(report, rotator.arn);
    assert.deepEqual(rec.notAllowed, [], JSON.stringify(rec.notAllowed));
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true }, "proven");
    assert.deepEqual(from, [SOURCE], JSON.stringify(rec.policies));
    assert.deepEqual(to, [DESTINATION], JSON.stringify(rec.policies));
  });
}

test("a ReEncrypt naming its source key scopes each action to its own key even when the destination is an alias", async () => {
  const rotator = leastPrivilege();
  const report = await auditOf(snapshotWith({ roles: [rotator] }), [
    reEncrypt(rotator.arn, { sourceKeyId: SOURCE, destinationKeyId: "alias/archive" }),
  ]);
  const { rec, from, to } = grantsOf(report, rotator.arn);
  assert.deepEqual(rec.notAllowed, [], JSON.stringify(rec.notAllowed));
  assert.deepEqual(from, [SOURCE]);
  assert.deepEqual(to, [DESTINATION]);
});

// With the destination an alias and no source named, the record cannot tell its two keys apart:
// both actions keep both keys, so neither loses the grant it needed.
test("a ReEncrypt to an alias keeps both actions on both keys", async () => {
  const rotator = bothKeys();
  const report = await auditOf(snapshotWith({ roles: [rotator] }), [
    reEncrypt(rotator.arn, { destinationKeyId: "alias/archive" }),
  ]);
  const { rec, from, to } = grantsOf(report, rotator.arn);
  assert.deepEqual(rec.notAllowed, []);
  assert.deepEqual(from, [SOURCE, DESTINATION].sort());
  assert.deepEqual(to, [SOURCE, DESTINATION].sort());
});

// A record listing the destination alone does not say which key the ciphertext came from (the
// same key or one not listed): ReEncryptFrom keeps today's scope, not the destination's key.
test("a ReEncrypt whose record lists only the destination keeps ReEncryptFrom at today's scope", async () => {
  const rotator = role(
    "rotator",
    ownPolicy([
      { Effect: "Allow", Action: "kms:ReEncryptFrom", Resource: [SOURCE, DESTINATION] },
      { Effect: "Allow", Action: "kms:ReEncryptTo", Resource: DESTINATION },
    ]),
  );
  const event = reEncrypt(rotator.arn, { destinationKeyId: DESTINATION });
  if (event.kind === "event") event.event.resources = [{ type: "AWS::KMS::Key", ARN: DESTINATION }];
  const report = await auditOf(snapshotWith({ roles: [rotator] }), [event]);
  const { from, to } = grantsOf(report, rotator.arn);
  assert.deepEqual(from, [SOURCE, DESTINATION].sort());
  assert.deepEqual(to, [DESTINATION]);
});
