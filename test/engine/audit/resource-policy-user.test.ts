import assert from "node:assert/strict";
import { test } from "node:test";
import type { UserCredentials } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditWith, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A user whose own policies allow only changing its password, a write management event the trail
// records, but whom a bucket policy names: it reads the bucket's objects daily with its access key
// ("Principal": {"AWS": "arn:aws:iam::111122223333:user/reader"} needs no identity grant in the
// same account). The snapshot (GetAccountAuthorizationDetails) holds no bucket policies and the
// trail logs no data events: only the credential report's last use of its key could show its use.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html:
// "If either the identity-based policy or the resource-based policy within the same account allows
// the request and the other doesn't, the request is still allowed."
const reader = user("reader", {
  ...ownPolicy([{ Effect: "Allow", Action: "iam:ChangePassword", Resource: "*" }]),
});

async function usageOfReader(report?: UserCredentials, collectedAt = AUDIT_NOW.toISOString()) {
  const snapshot = snapshotWith({
    collectedAt,
    users: [reader],
    ...(report ? { credentials: { [reader.arn]: report } } : {}),
  });
  const audit = await auditWith(snapshot, [listBucketsBy("someone-else")], {
    logging: [basicSelector("All")],
  });
  const finding = audit.findings.find((f) => f.kind === "unused-user" && f.principalArn === reader.arn);
  return {
    usage: audit.principals.find((p) => p.arn === reader.arn)?.usage,
    unusedUser: finding !== undefined,
  };
}

// The report dates every key's creation (access_key_1_last_rotated): this one's is long before the window.
const key = (lastUsed: string | null) => ({
  slot: 1,
  status: "Active" as const,
  created: "2024-01-02T00:00:00Z",
  lastUsed,
});

test("a user a resource policy may grant is not unused from the silence of a trail", async () => {
  assert.deepEqual(await usageOfReader(), { usage: "unknown", unusedUser: false });
});

test("the credential report settles it: the key's last use shows the user at work, or idle", async () => {
  const busy = credentials("reader", { accessKeys: [key("2026-05-31T08:00:00Z")] });
  assert.deepEqual(await usageOfReader(busy), { usage: "used", unusedUser: false });
  const idle = credentials("reader", { accessKeys: [key(null)] });
  assert.deepEqual(await usageOfReader(idle), { usage: "unused", unusedUser: true });
});

test("from a snapshot older than the audit time, the report's idle key leaves the user unknown: the trail cannot show it idle since", async () => {
  const idle = credentials("reader", { accessKeys: [key(null)] });
  assert.deepEqual(await usageOfReader(idle, "2026-03-15T00:00:00.000Z"), {
    usage: "unknown",
    unusedUser: false,
  });
});
