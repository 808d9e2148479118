import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { DEFAULT_REGIONS } from "../../../core/engine/activity/shown-regions.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role describing instances and tagging them every day, and decrypting with its key: what its
// trail's copy shows of it depends on what the trail logs, which no selectors say here.
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const app = role("app", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["ec2:DescribeInstances", "ec2:CreateTags", "ec2:TerminateInstances"],
      Resource: "*",
    },
    { Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:CreateGrant"], Resource: KEY },
  ]),
});
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});

/** A management event of the role's, as a trail's delivery file holds it. */
const call = (
  eventSource: string,
  eventName: string,
  readOnly: boolean,
  extra: Partial<CloudTrailEvent> = {},
) =>
  eventItem({
    eventSource,
    eventName,
    readOnly,
    managementEvent: true,
    eventCategory: "Management",
    userIdentity: roleSession(app.arn, "app"),
    ...extra,
  });
const describe = call("ec2.amazonaws.com", "DescribeInstances", true);
const tag = call("ec2.amazonaws.com", "CreateTags", false, {
  requestParameters: { resourcesSet: { items: [{ resourceId: "i-0abc" }] } },
});
const decrypt = call("kms.amazonaws.com", "Decrypt", true, { resources: [{ ARN: KEY }] });
const grant = call("kms.amazonaws.com", "CreateGrant", false, {
  requestParameters: { keyId: KEY },
  resources: [{ ARN: KEY }],
});

/**
 * These records, in each region's files of a copy of a trail's folders holding a file for every
 * day of every default region: what one region's files alone show is counted on there alone.
 */
const copyOf = (...records: ActivityItem[]): ActivityItem[] => [
  ...DEFAULT_REGIONS.flatMap((awsRegion) =>
    records.map((item) => (item.kind === "event" ? { ...item, event: { ...item.event, awsRegion } } : item)),
  ),
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

test("a copy of a trail holding write events alone calls none of the role's reads unused", async () => {
  // A trail of ReadWriteType WriteOnly: the role's daily DescribeInstances was never recorded.
  const { unused, problems } = await verdicts(copyOf(tag));
  assert.ok(!unused.includes("ec2:DescribeInstances"), JSON.stringify(unused));
  assert.ok(!unused.includes("kms:Decrypt"), JSON.stringify(unused));
  // Its writes are still judged: it never terminated an instance.
  assert.ok(unused.includes("ec2:TerminateInstances"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("no read-only management events")),
    JSON.stringify(problems),
  );
});

test("a copy of a trail holding no AWS KMS event calls no KMS call unused", async () => {
  // Reads and writes both recorded, KMS left out of the trail's management events.
  const { unused, problems } = await verdicts(copyOf(describe, tag));
  assert.ok(!unused.includes("kms:Decrypt"), JSON.stringify(unused));
  assert.ok(!unused.includes("kms:Encrypt"), JSON.stringify(unused));
  assert.ok(unused.includes("ec2:TerminateInstances"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("no AWS KMS events")),
    JSON.stringify(problems),
  );
});

test("a copy showing both sides and AWS KMS events is judged as a trail of every management event", async () => {
  const shown = await verdicts(copyOf(describe, tag, decrypt, grant));
  assert.deepEqual(shown.unused, ["ec2:TerminateInstances", "kms:Encrypt"]);
  // Only the RDS Data API, which it holds no event of, is left out.
  assert.equal(shown.problems.length, 1);
  assert.match(shown.problems[0]!, /no RDS Data API events/);
  const full = await verdicts(copyOf(describe, tag, decrypt, grant), [basicSelector("All")]);
  assert.deepEqual(full.unused, shown.unused);
  // AWS KMS reads shown and no KMS write: neither its never-made CreateGrant nor its Encrypt (a
  // write to IAM, a read-only event to CloudTrail, judged only where both sides are recorded) is
  // called unused.
  const reads = await verdicts(copyOf(describe, tag, decrypt));
  assert.deepEqual(reads.unused, ["ec2:TerminateInstances"]);
  assert.ok(
    reads.problems.some((m) => m.includes("no AWS KMS write events")),
    JSON.stringify(reads.problems),
  );
});

test("a copy whose records name no eventVersion, nor say they are management events, calls nothing unused", async () => {
  // CloudTrail writes eventVersion in every record: a copy without it was rewritten by an export or
  // a forwarder, which may have kept write events alone, as this one did.
  const stripped = copyOf(tag).map((item) =>
    item.kind === "event"
      ? { ...item, event: { ...item.event, managementEvent: undefined, eventCategory: undefined } }
      : item,
  );
  assert.ok(stripped.every((item) => item.kind !== "event" || item.event.eventVersion === undefined));
  const { unused, problems } = await verdicts(stripped);
  assert.deepEqual(unused, []);
  assert.ok(
    problems.some((m) => m.includes("no record carries managementEvent or eventCategory")),
    JSON.stringify(problems),
  );
  const described = await verdicts(stripped, [basicSelector("All")]);
  assert.ok(described.unused.includes("ec2:DescribeInstances"), JSON.stringify(described.unused));
});

test("a copy whose CloudTrail records cannot say they are management events calls nothing unused", async () => {
  // eventVersion 1.05 predates managementEvent: a copy of a trail of write events alone then looks
  // like one of every event whose role never read.
  const old = copyOf(tag).map((item) =>
    item.kind === "event"
      ? {
          ...item,
          event: {
            ...item.event,
            eventVersion: "1.05",
            managementEvent: undefined,
            eventCategory: undefined,
          },
        }
      : item,
  );
  const { unused, problems } = await verdicts(old);
  assert.deepEqual(unused, []);
  assert.ok(
    problems.some((m) => m.includes("no record carries managementEvent or eventCategory")),
    JSON.stringify(problems),
  );
  // Selectors given are believed as ever.
  const described = await verdicts(old, [basicSelector("All")]);
  assert.ok(described.unused.includes("ec2:DescribeInstances"), JSON.stringify(described.unused));
});

test("read events before the window do not show the trail recorded reads in it", async () => {
  // The trail logged every management event until February, then write events alone.
  const before = call("ec2.amazonaws.com", "DescribeInstances", true, { eventTime: "2026-02-01T00:00:00Z" });
  const { unused, problems } = await verdicts(copyOf(before, tag));
  assert.ok(!unused.includes("ec2:DescribeInstances"), JSON.stringify(unused));
  assert.ok(
    problems.some((m) => m.includes("no read-only management events")),
    JSON.stringify(problems),
  );
});

test("selectors given are believed whatever the copy shows", async () => {
  const { unused, problems } = await verdicts(copyOf(tag), [basicSelector("All")]);
  assert.ok(unused.includes("ec2:DescribeInstances"), JSON.stringify(unused));
  assert.deepEqual(problems, []);
});
