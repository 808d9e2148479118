import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { DEFAULT_REGIONS } from "../../../core/engine/activity/shown-regions.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Two trails delivering to one bucket, which no selectors describe: what one records in a region
// the files of that region alone can show. A role reading volumes in eu-west-1 only, where reads
// may go unrecorded.
const app = role("app", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: [
        "ec2:DescribeInstances",
        "ec2:DescribeVolumes",
        "ec2:CreateTags",
        "ec2:TerminateInstances",
        "s3:GetObject",
      ],
      Resource: "*",
    },
  ]),
});
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});

const call = (
  eventName: string,
  readOnly: boolean,
  awsRegion: string,
  extra: Partial<CloudTrailEvent> = {},
) =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    readOnly,
    managementEvent: true,
    eventCategory: "Management",
    awsRegion,
    userIdentity: roleSession(app.arn, "app"),
    ...extra,
  });
const tagIn = (region: string) =>
  call("CreateTags", false, region, {
    requestParameters: { resourcesSet: { items: [{ resourceId: "i-0abc" }] } },
  });
const describeIn = (region: string) => call("DescribeInstances", true, region);
const getObjectIn = (region: string) =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    readOnly: true,
    managementEvent: false,
    eventCategory: "Data",
    awsRegion: region,
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: { bucketName: "b", key: "k" },
    resources: [{ ARN: "arn:aws:s3:::b/k", type: "AWS::S3::Object" }],
  });

/** These records, in a copy of a bucket's folders holding a file for every day of every default region. */
const copyOf = (...records: ActivityItem[]): ActivityItem[] => [
  ...records,
  {
    kind: "extent",
    extent: { delivered: DEFAULT_REGIONS.map((region) => ({ account: ACCOUNT, region, days })) },
  },
];

async function verdicts(items: ActivityItem[], logging?: Parameters<typeof auditWith>[2]["logging"]) {
  const report = await auditWith(snapshotWith({ roles: [app] }), items, logging ? { logging } : {});
  const unused = report.findings
    .filter((f) => f.kind === "unused-action" && f.principalArn === app.arn)
    .flatMap((f) => f.actions ?? [])
    .sort();
  const problems = (report.sources.problems ?? [])
    .filter((p) => p.code === "trail-side-not-shown")
    .map((p) => p.message);
  return { unused, problems };
}

test("reads shown in one region alone are not counted on in the others", async () => {
  // A trail of write events in every region and one of every event in us-east-1: the role's
  // DescribeVolumes in eu-west-1 was never recorded.
  const { unused, problems } = await verdicts(copyOf(describeIn("us-east-1"), ...DEFAULT_REGIONS.map(tagIn)));
  assert.ok(!unused.includes("ec2:DescribeVolumes"), JSON.stringify(unused));
  // Writes are shown in every region: the instance it never terminated is still judged.
  assert.ok(unused.includes("ec2:TerminateInstances"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("read-only management events in") && m.includes("eu-west-1")),
    JSON.stringify(problems),
  );
  // Reads shown in every region are counted on there.
  const everywhere = await verdicts(
    copyOf(...DEFAULT_REGIONS.flatMap((region) => [describeIn(region), tagIn(region)])),
  );
  assert.ok(everywhere.unused.includes("ec2:DescribeVolumes"), JSON.stringify(everywhere.unused));
  assert.deepEqual(
    everywhere.problems.filter((m) => m.includes("management events in")),
    [],
  );
});

test("regions whose files hold data events alone show no management event recorded there", async () => {
  // A trail of every management event in us-east-1 and one of S3 data events in every region.
  const items = copyOf(describeIn("us-east-1"), tagIn("us-east-1"), ...DEFAULT_REGIONS.map(getObjectIn));
  const { unused, problems } = await verdicts(items);
  assert.ok(!unused.includes("ec2:TerminateInstances"), JSON.stringify(unused));
  assert.ok(!unused.includes("ec2:DescribeVolumes"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("write management events in") && m.includes("eu-west-1")),
    JSON.stringify(problems),
  );
  // Selectors given are believed as ever.
  const described = await verdicts(items, [basicSelector("All")]);
  assert.ok(described.unused.includes("ec2:TerminateInstances"), JSON.stringify(described.unused));
});

test("another account's records in the same bucket show nothing of what the audited account's trail records", async () => {
  // An organization trail of write events for every account, beside another account's own trail
  // of every event delivering to the same bucket: that account's reads fill every region.
  const other = "210987654321";
  const theirs = (item: ActivityItem): ActivityItem =>
    item.kind === "event"
      ? {
          ...item,
          event: {
            ...item.event,
            recipientAccountId: other,
            userIdentity: roleSession(`arn:aws:iam::${other}:role/ops`, "ops"),
          },
        }
      : item;
  const items = [
    ...copyOf(...DEFAULT_REGIONS.map(tagIn)),
    ...DEFAULT_REGIONS.flatMap((region) => [theirs(describeIn(region)), theirs(tagIn(region))]),
    {
      kind: "extent",
      extent: { delivered: DEFAULT_REGIONS.map((region) => ({ account: other, region, days })) },
    } satisfies ActivityItem,
  ];
  const { unused, problems } = await verdicts(items);
  assert.ok(!unused.includes("ec2:DescribeVolumes"), JSON.stringify(unused));
  assert.ok(unused.includes("ec2:TerminateInstances"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("read-only management events")),
    JSON.stringify(problems),
  );
});
