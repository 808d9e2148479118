import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { DEFAULT_REGIONS } from "../../../core/engine/activity/shown-regions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditOf, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A user listing buckets, also allowed to tag them, which the trail never shows: the tagging is
// unused only if the trail recorded, all window long, what it records today.
const tagger = user("tagger", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:PutBucketTagging"], Resource: "*" }]),
});
const admin = {
  type: "IAMUser",
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: "admin",
};
const trail = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});
/** A file for every day of every default region: no day is missing from the copy. */
const everyDay: ActivityItem = {
  kind: "extent",
  extent: { delivered: DEFAULT_REGIONS.map((region) => ({ account: ACCOUNT, region, days })) },
};
const trailCall = (eventName: string, eventTime: string, more: Record<string, unknown> = {}) =>
  eventItem({
    eventSource: "cloudtrail.amazonaws.com",
    eventName,
    eventTime,
    recipientAccountId: ACCOUNT,
    userIdentity: admin,
    requestParameters: { name: trail, ...more },
  });

async function taggingUnused(items: ActivityItem[]) {
  const report = await auditOf(snapshotWith({ users: [tagger] }), [
    listBucketsBy("tagger"),
    everyDay,
    ...items,
  ]);
  return {
    finding: report.findings.some(
      (f) => f.kind === "unused-action" && f.actions?.includes("s3:PutBucketTagging"),
    ),
    removed: report.recommendations.some((r) => r.removedActions.includes("s3:PutBucketTagging")),
  };
}

test("a trail stopped for hours inside the window, every day's file present, calls nothing unused", async () => {
  const stopped = [
    trailCall("StopLogging", "2026-04-01T10:00:00Z"),
    trailCall("StartLogging", "2026-04-01T18:00:00Z"),
  ];
  assert.deepEqual(await taggingUnused(stopped), { finding: false, removed: false });
});

test("event selectors changed inside the window leave what the trail logged before the change unknown", async () => {
  const changed = [trailCall("PutEventSelectors", "2026-05-25T00:00:00Z", { eventSelectors: [] })];
  assert.deepEqual(await taggingUnused(changed), { finding: false, removed: false });
});

test("without a change, or with one AWS refused, the same trail shows the tagging unused", async () => {
  assert.deepEqual(await taggingUnused([]), { finding: true, removed: true });
  const refused = eventItem({
    eventSource: "cloudtrail.amazonaws.com",
    eventName: "StopLogging",
    eventTime: "2026-04-01T10:00:00Z",
    errorCode: "AccessDenied",
    recipientAccountId: ACCOUNT,
    userIdentity: admin,
    requestParameters: { name: trail },
  });
  assert.deepEqual(await taggingUnused([refused]), { finding: true, removed: true });
});
