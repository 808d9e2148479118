import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import { undatedGrants } from "../../../core/engine/activity/grant-dates.js";
import { trailDescriptions, withDescriptions } from "../../../core/engine/activity/trail-descriptions.js";

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
