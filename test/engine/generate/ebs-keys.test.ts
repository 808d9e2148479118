import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// EC2 uses the KMS key a request names for its new volumes under the caller's identity, which
// needs kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlaintext and
// kms:ReEncrypt* on the key
// (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html). A trail
// leaving KMS's events out shows none of those calls.
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;
const NEEDED = [
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

const withoutKms = parseEventSelectors(
  {
    EventSelectors: [
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

const builder = (kms: unknown[]) =>
  role("builder", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["ec2:CreateVolume", "ec2:RunInstances"], Resource: "*" },
      ...kms,
    ]),
  });

const call = (arn: string, eventName: string, requestParameters: Record<string, unknown>): ActivityItem =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    readOnly: false,
    managementEvent: true,
    eventCategory: "Management",
    eventVersion: "1.09",
    userIdentity: roleSession(arn, "builder"),
    requestParameters,
  } as never);

async function generated(kms: unknown[], items: (arn: string) => ActivityItem[]) {
  const principal = builder(kms);
  const report = await auditWith(snapshotWith({ roles: [principal] }), items(principal.arn), {
    config: { generate: { unobservable: "drop" } },
    logging: [withoutKms],
  });
  const rec = report.recommendations.find((r) => r.principalArn === principal.arn);
  assert.ok(rec, "a recommendation for the role");
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  const documents = rec.policies.map((p) => p.document);
  return (action: string, resource: string) => holderDecision(documents, { action, resource });
}

test("a volume created under a key the request names keeps the KMS actions EBS needs, on that key alone", async () => {
  const decide = await generated([{ Effect: "Allow", Action: "kms:*", Resource: "*" }], (arn) => [
    call(arn, "CreateVolume", { size: 8, zone: "us-east-1a", encrypted: true, kmsKeyId: KEY }),
  ]);
  for (const action of NEEDED) {
    assert.equal(decide(action, KEY), "Allow", action);
    assert.equal(decide(action, OTHER), "ImplicitDeny", action);
  }
  assert.equal(decide("kms:ScheduleKeyDeletion", KEY), "ImplicitDeny");
});

test("a launch whose block device names a key keeps them on it too, and a holder of none is granted none", async () => {
  const launch = (arn: string) => [
    call(arn, "RunInstances", {
      instancesSet: { items: [{ imageId: "ami-0abc", minCount: 1, maxCount: 1 }] },
      blockDeviceMapping: {
        items: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 8, encrypted: true, kmsKeyId: KEY } }],
      },
    }),
  ];
  const decide = await generated([{ Effect: "Allow", Action: NEEDED, Resource: KEY }], launch);
  for (const action of NEEDED) assert.equal(decide(action, KEY), "Allow", action);
  const none = await generated([], launch);
  for (const action of NEEDED) assert.equal(none(action, KEY), "ImplicitDeny", action);
});
