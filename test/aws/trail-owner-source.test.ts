import assert from "node:assert/strict";
import { test } from "node:test";
import { withTrailOwners } from "../../core/aws/trail-owner-source.js";
import { ActivitySourceError } from "../../core/engine/activity/errors.js";
import type { ActivityItem, ActivitySource } from "../../core/engine/activity/types.js";

const MEMBER = "111122223333";
const OWNER = "999988887777";
const WINDOW = { start: "2026-11-01T00:00:00Z", end: "2026-11-03T00:00:00Z", days: 2 };

const record = (account: string, eventSource: string, eventName: string): ActivityItem => ({
  kind: "event",
  event: {
    eventSource,
    eventName,
    eventTime: "2026-11-02T12:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: account,
  },
});

const delivered = (account: string): ActivityItem => ({
  kind: "extent",
  extent: {
    accounts: [account],
    regions: ["us-east-1"],
    delivered: [{ account, region: "us-east-1", days: ["2026-11-01", "2026-11-02"] }],
  },
});

function source(description: string, items: ActivityItem[], failure?: Error): ActivitySource {
  return {
    description,
    delivery: { bucket: "org-trail" },
    read: async function* () {
      for (const item of items) yield [item];
      if (failure) throw failure;
    },
  };
}

async function readAll(source: ActivitySource): Promise<ActivityItem[]> {
  const items: ActivityItem[] = [];
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  return items;
}

const member = () => source("member", [record(MEMBER, "s3.amazonaws.com", "ListBuckets"), delivered(MEMBER)]);
const ownerItems = [
  record(OWNER, "s3.amazonaws.com", "ListBuckets"),
  record(OWNER, "cloudtrail.amazonaws.com", "StopLogging"),
  delivered(OWNER),
];

test("an owner's files add their delivered days and trail changes, never the owner's other calls", async () => {
  const read = withTrailOwners(member(), [source("owner", ownerItems)], () => assert.fail("read whole"));
  assert.equal(read.description, "member");
  assert.deepEqual(read.delivery, { bucket: "org-trail" });
  const items = await readAll(read);
  assert.deepEqual(
    items.flatMap((i) => (i.kind === "event" ? [`${i.event.recipientAccountId} ${i.event.eventName}`] : [])),
    [`${MEMBER} ListBuckets`, `${OWNER} StopLogging`],
  );
  // One extent, at the end, for both: the owner's home region shows delivered.
  assert.equal(items.filter((i) => i.kind === "extent").length, 1);
  assert.deepEqual(items.at(-1), {
    kind: "extent",
    extent: {
      accounts: [OWNER, MEMBER].sort(),
      regions: ["us-east-1"],
      delivered: [
        { account: MEMBER, region: "us-east-1", days: ["2026-11-01", "2026-11-02"] },
        { account: OWNER, region: "us-east-1", days: ["2026-11-01", "2026-11-02"] },
      ],
    },
  });
});

test("an owner's folder that cannot be read is reported and shows no delivered day", async () => {
  const unread: string[] = [];
  const failing = source("owner", ownerItems.slice(0, 2), new ActivitySourceError("cannot list"));
  const items = await readAll(
    withTrailOwners(member(), [failing], (owner, error) =>
      unread.push(`${owner.description}: ${error.message}`),
    ),
  );
  assert.deepEqual(unread, ["owner: cannot list"]);
  const extent = items.at(-1);
  assert.equal(extent?.kind, "extent");
  assert.deepEqual(extent?.kind === "extent" ? extent.extent.delivered?.map((d) => d.account) : [], [MEMBER]);
});

test("without owners the account's source is read as it is", () => {
  const own = member();
  assert.equal(
    withTrailOwners(own, [], () => undefined),
    own,
  );
});
