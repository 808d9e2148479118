import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, listBucketsBy } from "../../helpers/audit-fixture.js";
import { READS_BUT_KMS_ADVANCED, READS_BUT_KMS_BASIC } from "../../helpers/event-selectors.js";
import { ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const advanced = parseEventSelectors(READS_BUT_KMS_ADVANCED, "selectors.json");
const basic = parseEventSelectors(READS_BUT_KMS_BASIC, "basic-selectors.json");

// The other way round: every read management event, write events except KMS's.
const writesWithoutKms = parseEventSelectors(
  {
    EventSelectors: [
      { ReadWriteType: "ReadOnly", IncludeManagementEvents: true, DataResources: [] },
      { ReadWriteType: "WriteOnly", ExcludeManagementEventSources: ["kms.amazonaws.com"] },
    ],
  },
  "write-selectors.json",
);

const KMS = ["kms:CreateKey", "kms:Decrypt", "kms:DescribeKey"];
const app = user("app", {
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", ...KMS], Resource: "*" }]),
});

/** What an audit of app, seen only listing its buckets, removes, keeps as unobservable, and calls unused. */
async function audit(logging: readonly TrailLogging[]) {
  const report = await auditWith(snapshotWith({ users: [app] }), [listBucketsBy("app")], {
    logging: [...logging],
  });
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  // One finding names the services not used; its evidence counts the actions the trail could show.
  // A service some granted call of which the trail does not record is not one of them: its
  // actions the trail could show are named unused one by one.
  const kms = report.findings
    .filter((f) => f.principalArn === app.arn && f.kind === "unused-service")
    .flatMap((f) => f.evidence.services as { service: string; observableActions: number }[])
    .find((s) => s.service === "kms");
  const actions = report.findings
    .filter((f) => f.principalArn === app.arn && f.kind === "unused-action")
    .flatMap((f) => f.actions ?? [])
    .filter((a) => KMS.includes(a));
  return {
    removed: rec?.removedActions.filter((a) => KMS.includes(a)),
    unobservable: rec?.unobservableActions.filter((a) => KMS.includes(a)),
    unusedObservable: kms ? kms.observableActions : actions.length,
  };
}

for (const [kind, logging] of [
  ["advanced", advanced],
  ["basic", basic],
] as const)
  test(`a trail that never logs KMS's read events (${kind} selectors) cannot call KMS reads unused; its writes it can`, async () => {
    const result = await audit([logging]);
    assert.deepEqual(result, {
      removed: ["kms:CreateKey"],
      unobservable: ["kms:Decrypt", "kms:DescribeKey"],
      unusedObservable: 1,
    });
  });

test("a trail that never logs KMS's write events cannot call KMS writes unused; its reads it can", async () => {
  const result = await audit([writesWithoutKms]);
  // kms:Decrypt is a read-only event of Write access level: kept wherever either side is blind to KMS.
  assert.deepEqual(result, {
    removed: ["kms:DescribeKey"],
    unobservable: ["kms:CreateKey", "kms:Decrypt"],
    unusedObservable: 1,
  });
});

test("a call is observable when any trail whose files are read records it: a second trail logging every read event into the same bucket shows KMS reads", async () => {
  // Both deliver to one bucket: its files hold both trails' records (trail-alternatives.ts).
  const delivery = { bucket: "trail-logs" };
  const result = await audit([
    { ...advanced, delivery },
    { management: { read: { excludedSources: [] }, write: false }, data: [], delivery },
  ]);
  assert.deepEqual(result, {
    removed: ["kms:CreateKey", "kms:Decrypt", "kms:DescribeKey"],
    unobservable: [],
    unusedObservable: 3,
  });
});
