import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { DEFAULT_REGIONS } from "../../../core/engine/activity/shown-regions.js";
import { withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector, EVERY_S3_OBJECT } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A member account audited from its folders of the organization trail's bucket
// (AWSLogs/o-.../111122223333/...): the trail belongs to the management account, and a
// StopLogging or PutEventSelectors of it is a call of the management account in the trail's home
// region, recorded in that account's folder alone. The member's files, whole for every region and
// day, show no such change: S3 object reads before object events were turned on look unmade.
const MANAGEMENT = "999988887777";
const ORG_TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const reader = user("reader", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["s3:ListAllMyBuckets", "s3:PutBucketTagging", "s3:GetObject"],
      Resource: "*",
    },
  ]),
});
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});
const folders = (account: string, regions: readonly string[]) =>
  regions.map((region) => ({ account, region, days }));
const ownerCall = (eventSource: string, eventName: string, requestParameters = {}) =>
  eventItem({
    eventSource,
    eventName,
    recipientAccountId: MANAGEMENT,
    requestParameters,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${MANAGEMENT}:user/admin`, accountId: MANAGEMENT },
  });

async function verdicts(items: ActivityItem[], trail = ORG_TRAIL) {
  const logging = withDescriptions(
    [{ ...basicSelector("All", EVERY_S3_OBJECT), trail }],
    [{ TrailARN: trail, Name: "org", IsMultiRegionTrail: true, HomeRegion: "us-east-1" }],
  );
  const report = await auditWith(snapshotWith({ users: [reader] }), [listBucketsBy("reader"), ...items], {
    logging,
  });
  const unused = (action: string) =>
    report.findings.some((f) => f.kind === "unused-action" && f.actions?.includes(action));
  return {
    getObject: unused("s3:GetObject"),
    putBucketTagging: unused("s3:PutBucketTagging"),
    problem: report.sources.problems?.some((p) => p.code === "trail-changes-not-shown") ?? false,
  };
}

test("a member's folders of another account's trail cannot show its data events turned on: object reads are not called unused", async () => {
  const memberOnly: ActivityItem[] = [
    { kind: "extent", extent: { delivered: folders(ACCOUNT, DEFAULT_REGIONS) } },
  ];
  // Management events are still counted on: the tagging, a management event, stays unused.
  assert.deepEqual(await verdicts(memberOnly), { getObject: false, putBucketTagging: true, problem: true });
});

test("read beside the owner's folder of the trail's home region, the trail's data events are counted on", async () => {
  const withOwner: ActivityItem[] = [
    ownerCall("s3.amazonaws.com", "ListBuckets"),
    {
      kind: "extent",
      extent: { delivered: [...folders(ACCOUNT, DEFAULT_REGIONS), ...folders(MANAGEMENT, ["us-east-1"])] },
    },
  ];
  assert.deepEqual(await verdicts(withOwner), { getObject: true, putBucketTagging: true, problem: false });
  // The owner's folder of another region holds none of the trail's changes.
  const otherRegion: ActivityItem[] = [
    ownerCall("s3.amazonaws.com", "ListBuckets"),
    {
      kind: "extent",
      extent: { delivered: [...folders(ACCOUNT, DEFAULT_REGIONS), ...folders(MANAGEMENT, ["eu-west-1"])] },
    },
  ];
  assert.deepEqual((await verdicts(otherRegion)).getObject, false);
});

test("the owner's selector change inside the window, read from its folder, leaves nothing unused", async () => {
  const changed: ActivityItem[] = [
    ownerCall("cloudtrail.amazonaws.com", "PutEventSelectors", { trailName: ORG_TRAIL }),
    {
      kind: "extent",
      extent: { delivered: [...folders(ACCOUNT, DEFAULT_REGIONS), ...folders(MANAGEMENT, ["us-east-1"])] },
    },
  ];
  assert.deepEqual(await verdicts(changed), { getObject: false, putBucketTagging: false, problem: false });
});

test("the audited account's own trail needs no other account's folder", async () => {
  const own = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`;
  const items: ActivityItem[] = [
    { kind: "extent", extent: { delivered: folders(ACCOUNT, DEFAULT_REGIONS) } },
  ];
  assert.deepEqual(await verdicts(items, own), { getObject: true, putBucketTagging: true, problem: false });
});
