import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A console user whose credential report (with the snapshot, five months before the audit) shows
// its password last used the day before: only the trail can show its sign-ins since. ConsoleLogin
// is a write event of signin, recorded in the region of the sign-in endpoint.
const clerk = user("clerk", {
  ...ownPolicy([{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }]),
});
const report = credentials("clerk", { password: { enabled: true, lastUsed: "2025-12-31T00:00:00Z" } });

async function unusedOfClerk(logging: TrailLogging) {
  const audit = await auditWith(
    snapshotWith({ users: [clerk], credentials: { [report.userArn]: report } }),
    [listBucketsBy("app")],
    { logging: [logging] },
  );
  const kinds = (kind: string) => audit.findings.some((f) => f.kind === kind && f.principalArn === clerk.arn);
  return { password: kinds("unused-password"), user: kinds("unused-user") };
}

test("a trail of one region never shows a sign-in through another region's endpoint: the password's use is unknown", async () => {
  const singleRegion = { ...basicSelector("All"), regions: ["us-east-1"] };
  assert.deepEqual(await unusedOfClerk(singleRegion), { password: false, user: false });
});

test("a trail of read events alone records no sign-in: neither the password nor the user is unused", async () => {
  assert.deepEqual(await unusedOfClerk(basicSelector("ReadOnly")), { password: false, user: false });
});

test("a trail of every region's write events shows the password unused", async () => {
  // Not the user: a resource policy may allow its keys calls no trail records since the snapshot.
  assert.deepEqual(await unusedOfClerk(basicSelector("All")), { password: true, user: false });
  assert.equal((await unusedOfClerk(basicSelector("WriteOnly"))).password, true);
});
