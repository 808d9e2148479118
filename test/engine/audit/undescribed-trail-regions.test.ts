import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { DEFAULT_REGIONS } from "../../../core/engine/activity/shown-regions.js";
import { withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A user listing and creating buckets daily, also allowed to tag them, which it never did: the
// tagging is unused only if the trail records every region it could have tagged from.
const tagger = user("tagger", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["s3:ListAllMyBuckets", "s3:CreateBucket", "s3:PutBucketTagging"],
      Resource: "*",
    },
  ]),
});
const days = utcDays({
  start: new Date(AUDIT_NOW.getTime() - 90 * 86_400_000).toISOString(),
  end: AUDIT_NOW.toISOString(),
});

/**
 * The user's calls in each of these regions' files, as CloudTrail writes them (eventVersion,
 * managementEvent and readOnly show the trail logs both sides of its management events there).
 */
const callsIn = (regions: readonly string[]): ActivityItem[] =>
  regions.flatMap((awsRegion) =>
    [
      { eventName: "ListBuckets", readOnly: true },
      { eventName: "CreateBucket", readOnly: false },
    ].map(({ eventName, readOnly }) => {
      const { event } = listBucketsBy("tagger") as Extract<ActivityItem, { kind: "event" }>;
      return eventItem({
        ...event,
        eventVersion: "1.08",
        eventName,
        awsRegion,
        readOnly,
        managementEvent: true,
        eventCategory: "Management",
      });
    }),
  );

/** The user's calls, and a copy of the trail's folders holding a file for every day of these regions. */
const copyOf = (regions: readonly string[]): ActivityItem[] => [
  ...callsIn(regions),
  { kind: "extent", extent: { delivered: regions.map((region) => ({ account: ACCOUNT, region, days })) } },
];

async function unusedTagging(items: ActivityItem[], logging?: Parameters<typeof auditWith>[2]["logging"]) {
  const report = await auditWith(snapshotWith({ users: [tagger] }), items, logging ? { logging } : {});
  return {
    unused: report.findings.some(
      (f) => f.kind === "unused-action" && f.actions?.includes("s3:PutBucketTagging"),
    ),
    problem: report.sources.problems?.some((p) => p.code === "trail-regions-not-shown") ?? false,
  };
}

test("a copy of a trail's folders for one region, undescribed, calls no action unused", async () => {
  // A single-region trail's copy: a tagging call in eu-west-1 would never have been recorded.
  assert.deepEqual(await unusedTagging(copyOf(["us-east-1"])), { unused: false, problem: true });
});

test("a copy holding every default region's files can only be a trail of every region", async () => {
  assert.deepEqual(await unusedTagging(copyOf(DEFAULT_REGIONS)), { unused: true, problem: false });
  assert.deepEqual(await unusedTagging(copyOf(DEFAULT_REGIONS.slice(1))), { unused: false, problem: true });
});

test("a bucket shared with another account's trail of every region shows nothing of the audited account's other regions", async () => {
  // Each account's own trail delivers to one central bucket: the other account's files of every
  // region say nothing of the audited account's trail, which records us-east-1 alone.
  const shared = (ours: readonly string[], theirs: readonly string[]): ActivityItem[] => [
    ...callsIn(ours),
    {
      kind: "extent",
      extent: {
        delivered: [
          ...ours.map((region) => ({ account: ACCOUNT, region, days })),
          ...theirs.map((region) => ({ account: "444455556666", region, days })),
        ],
      },
    },
  ];
  assert.deepEqual(await unusedTagging(shared(["us-east-1"], DEFAULT_REGIONS)), {
    unused: false,
    problem: true,
  });
  assert.deepEqual(await unusedTagging(shared(DEFAULT_REGIONS, ["us-east-1"])), {
    unused: true,
    problem: false,
  });
});

test("a trail described as recording every region is believed for the regions its copy holds", async () => {
  const logging = withDescriptions(
    [{ ...basicSelector("All"), trail: "main" }],
    [{ Name: "main", IsMultiRegionTrail: true, HomeRegion: "us-east-1" }],
  );
  assert.deepEqual(await unusedTagging(copyOf(["us-east-1"]), logging), { unused: true, problem: false });
});

test("selectors given without a description leave the trail's regions unknown: its copy of one region calls nothing unused", async () => {
  const logging = withDescriptions([{ ...basicSelector("All"), trail: "main" }], []);
  assert.deepEqual(await unusedTagging(copyOf(["us-east-1"]), logging), { unused: false, problem: true });
  assert.deepEqual(await unusedTagging(copyOf(DEFAULT_REGIONS), logging), { unused: true, problem: false });
});

test("a described trail of every region is not believed from a copy without us-east-1 or its home region", async () => {
  // us-east-1 holds every region's IAM, STS global endpoint and CloudFront events; the home region
  // holds the trail's own StopLogging and PutEventSelectors. A copy of the other regions' folders
  // would show a role assumed through sts.amazonaws.com, or a stop of the trail, as nothing at all.
  const described = (home: string) =>
    withDescriptions(
      [{ ...basicSelector("All"), trail: "main" }],
      [{ Name: "main", IsMultiRegionTrail: true, HomeRegion: home }],
    );
  const withoutGlobal = DEFAULT_REGIONS.filter((r) => r !== "us-east-1");
  assert.deepEqual(await unusedTagging(copyOf(withoutGlobal), described("eu-west-1")), {
    unused: false,
    problem: true,
  });
  assert.deepEqual(await unusedTagging(copyOf(["us-east-1"]), described("eu-west-1")), {
    unused: false,
    problem: true,
  });
  assert.deepEqual(await unusedTagging(copyOf(["us-east-1", "eu-west-1"]), described("eu-west-1")), {
    unused: true,
    problem: false,
  });
});
