import assert from "node:assert/strict";
import { test } from "node:test";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { undatedGrants } from "../../../core/engine/activity/grant-dates.js";
import { trailDescriptions, withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { AUDIT_NOW, auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const ARN = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit";
const selectors = parseEventSelectors(
  { TrailARN: ARN, EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
  "selectors.json",
);

test("describe-trails and get-trail output are read; other documents are not descriptions", () => {
  const trail = { Name: "audit", TrailARN: ARN, HomeRegion: "eu-west-1", IsMultiRegionTrail: false };
  assert.deepEqual(trailDescriptions({ trailList: [trail] }), [trail]);
  assert.deepEqual(trailDescriptions({ Trail: trail }), [trail]);
  assert.equal(trailDescriptions({ TrailARN: ARN, EventSelectors: [] }), undefined);
});

test("selectors joined to a single-region description record its home region alone", () => {
  const [joined] = withDescriptions(
    [selectors],
    [{ Name: "audit", TrailARN: ARN, HomeRegion: "eu-west-1", IsMultiRegionTrail: false }],
  );
  assert.deepEqual(joined?.regions, ["eu-west-1"]);
  assert.deepEqual(joined?.management, selectors.management);
});

test("joined by name too; a multi-region description and an undescribed trail record every region", () => {
  const byName = parseEventSelectors({ TrailARN: "audit", EventSelectors: [{}] }, "s.json");
  assert.deepEqual(
    withDescriptions([byName], [{ Name: "audit", IsMultiRegionTrail: false, HomeRegion: "us-east-1" }])[0]
      ?.regions,
    ["us-east-1"],
  );
  assert.equal(
    withDescriptions([selectors], [{ TrailARN: ARN, IsMultiRegionTrail: true }])[0]?.regions,
    undefined,
  );
  assert.equal(withDescriptions([selectors], [])[0]?.regions, undefined);
});

test("a described trail without given selectors logs management events only, unless its selectors are custom", () => {
  const [only] = withDescriptions(
    [],
    [{ TrailARN: ARN, IsMultiRegionTrail: true, HasCustomEventSelectors: false }],
  );
  assert.equal(only?.trail, ARN);
  assert.deepEqual(only?.data, []);
  assert.deepEqual(only?.management, { read: { excludedSources: [] }, write: { excludedSources: [] } });
  assert.throws(
    () => withDescriptions([], [{ TrailARN: ARN, HasCustomEventSelectors: true }]),
    /custom event selectors/,
  );
});

// A single-region trail created with --no-include-global-service-events records no IAM event,
// even in us-east-1; a multi-region trail always includes them.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
test("a single-region description without global service events says so, and then IAM's writes date no grant", () => {
  const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/local";
  const local = parseEventSelectors(
    { TrailARN: arn, EventSelectors: [{ ReadWriteType: "All" }] },
    "local.json",
  );
  const described = (IncludeGlobalServiceEvents: boolean) =>
    withDescriptions(
      [local],
      trailDescriptions({
        Trail: {
          TrailARN: arn,
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: false,
          IncludeGlobalServiceEvents,
        },
      }) ?? [],
    );
  assert.equal(described(false)[0]?.globalServiceEvents, false);
  assert.match(undatedGrants(described(false)), /does not record IAM's write events/);
  assert.equal(described(true)[0]?.globalServiceEvents, undefined);
  assert.equal(undatedGrants(described(true)), "");
});

test("a single-region description that does not say whether it includes global service events dates no grant", () => {
  // IncludeGlobalServiceEvents not given: the us-east-1 trail may have been created without them,
  // as AWS suggests beside a trail of every region, and record no AttachRolePolicy.
  const arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/local";
  const local = parseEventSelectors(
    { TrailARN: arn, EventSelectors: [{ ReadWriteType: "All" }] },
    "local.json",
  );
  for (const IsMultiRegionTrail of [false, undefined]) {
    const joined = withDescriptions(
      [local],
      [
        {
          TrailARN: arn,
          HomeRegion: "us-east-1",
          ...(IsMultiRegionTrail === false ? { IsMultiRegionTrail } : {}),
        },
      ],
    );
    assert.equal(joined[0]?.globalServiceEvents, false, String(IsMultiRegionTrail));
    assert.match(
      undatedGrants(joined.map((l) => ({ ...l, regions: ["us-east-1"] }))),
      /does not record IAM's write events/,
    );
  }
});

test("a description that does not say whether the trail records every region counts it on only where its files show", async () => {
  // The Trail type marks none of its fields as always given: without IsMultiRegionTrail, a trail
  // of us-east-1 alone, whose files hold nothing of eu-west-1, would show eu-west-1's calls unmade.
  // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
  const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/local`;
  const local = parseEventSelectors(
    { TrailARN: arn, EventSelectors: [{ ReadWriteType: "All" }] },
    "local.json",
  );
  const [joined] = withDescriptions([local], [{ TrailARN: arn, HomeRegion: "us-east-1" }]);
  assert.equal(joined?.regionsUnknown, true);

  const topics = role(
    "topics",
    ownPolicy([{ Effect: "Allow", Action: ["sns:CreateTopic", "sns:DeleteTopic"], Resource: "*" }]),
  );
  const window = { start: "2026-03-03T00:00:00.000Z", end: AUDIT_NOW.toISOString() };
  // Its files: us-east-1 every day, holding the role's CreateTopic; its DeleteTopic is made in eu-west-1.
  const items: ActivityItem[] = [
    eventItem({
      eventSource: "sns.amazonaws.com",
      eventName: "CreateTopic",
      userIdentity: roleSession(topics.arn, "topics"),
    }),
    {
      kind: "extent",
      extent: {
        accounts: [ACCOUNT],
        regions: ["us-east-1"],
        delivered: [{ account: ACCOUNT, region: "us-east-1", days: utcDays(window) }],
      },
    },
  ];
  const report = await auditWith(snapshotWith({ roles: [topics] }), items, { logging: [joined!] });
  const unused = report.findings.filter((f) => f.kind === "unused-action" || f.kind === "unused-service");
  assert.equal(
    unused.some((f) => JSON.stringify(f).includes("sns:DeleteTopic")),
    false,
    JSON.stringify(unused),
  );
  const rec = report.recommendations.find((r) => r.principalArn === topics.arn);
  assert.equal(rec?.removedActions.includes("sns:DeleteTopic") ?? false, false, JSON.stringify(rec));
});
