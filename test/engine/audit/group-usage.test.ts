import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { ACCOUNT, allowDoc, credentials, group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const inline = { name: "own", document: allowDoc("s3:ListAllMyBuckets") };
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

test("a group used through its members has their latest use as lastUsed, never used with null", async () => {
  const snapshot = snapshotWith({
    users: [user("dev", { groups: ["team"] }), user("ops", { groups: ["team"] })],
    groups: [group("team", { inlinePolicies: [inline] }), group("empty", { inlinePolicies: [inline] })],
    credentials: {
      [arn("ops")]: credentials("ops", { password: { enabled: true, lastUsed: "2026-05-25T08:00:00Z" } }),
    },
  });
  const report = await auditOf(snapshot, [
    eventItem({
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      eventTime: "2026-05-20T10:00:00Z",
      userIdentity: { type: "IAMUser", arn: arn("dev"), accountId: ACCOUNT, userName: "dev" },
    }),
  ]);
  const row = (name: string) => report.principals.find((p) => p.type === "group" && p.name === name);
  const members = report.principals.filter((p) => p.type === "user").map((p) => p.lastUsed);
  assert.deepEqual(members.sort(), ["2026-05-20T10:00:00.000Z", "2026-05-25T08:00:00.000Z"]);
  assert.equal(row("team")?.usage, "used");
  assert.equal(row("team")?.lastUsed, "2026-05-25T08:00:00.000Z");
  // No member, no use known.
  assert.equal(row("empty")?.usage, "unknown");
  assert.equal(row("empty")?.lastUsed, null);
});
