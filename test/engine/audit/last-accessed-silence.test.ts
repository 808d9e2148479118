import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditWith, listBucketsBy } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { credentials, ownPolicy, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// IAM's service last-accessed data lists only the services a principal's own policies allow:
// "Service last accessed data does not use other policy types when determining whether a resource
// could access a service. These other policy types include resource-based policies".
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
// A user a bucket policy names reads its objects daily, a role a queue policy names sends to it
// daily: the IAM and SQS access their own policies allow was last seen months before the window.
const reader = user("reader", {
  ...ownPolicy([{ Effect: "Allow", Action: "iam:ChangePassword", Resource: "*" }]),
});
const sender = role("sender", {
  ...ownPolicy([{ Effect: "Allow", Action: "sqs:ListQueues", Resource: "*" }]),
});
const LONG_AGO = "2025-10-01T00:00:00Z";

/** A snapshot taken at the audit time (its last-used data speaks up to now), without a credential report or RoleLastUsed. */
function snapshotOf(parts: Partial<Snapshot> = {}): Snapshot {
  return snapshotWith({
    collectedAt: AUDIT_NOW.toISOString(),
    users: [reader],
    roles: [sender],
    lastAccessed: {
      [reader.arn]: { services: [{ namespace: "iam", lastAuthenticated: LONG_AGO }] },
      [sender.arn]: { services: [{ namespace: "sqs", lastAuthenticated: LONG_AGO }] },
    },
    ...parts,
  });
}

function verdicts(report: Awaited<ReturnType<typeof runAudit>>) {
  const of = (arn: string) => ({
    usage: report.principals.find((p) => p.arn === arn)?.usage,
    unused: report.findings.some(
      (f) => (f.kind === "unused-user" || f.kind === "unused-role") && f.principalArn === arn,
    ),
  });
  return { reader: of(reader.arn), sender: of(sender.arn) };
}

const unknown = { usage: "unknown", unused: false };

test("last-accessed data dating an access before the window, alone, leaves a user's and a role's use unknown", async () => {
  const report = await runAudit(
    { snapshot: { description: "fixture", load: async () => snapshotOf() }, activity: [] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  assert.deepEqual(verdicts(report), { reader: unknown, sender: unknown });
});

test("a trail that logs no data events settles the role, whose every session it records, but not the user", async () => {
  // The trail logs no data events, and nothing in the window shows either principal.
  const items: ActivityItem[] = [listBucketsBy("someone-else")];
  const report = await auditWith(snapshotOf(), items, { logging: [basicSelector("All")] });
  // The role's every session is an AssumeRole, which this trail records: its silence settles it.
  assert.deepEqual(verdicts(report), { reader: unknown, sender: { usage: "unused", unused: true } });
});

test("what sees every use settles them: the credential report for the user, RoleLastUsed for the role", async () => {
  const settled = snapshotOf({
    credentials: {
      // Listed live: no SSH public key or service-specific credential, which the report leaves out.
      [reader.arn]: credentials("reader", {
        accessKeys: [{ slot: 1, status: "Active", lastUsed: LONG_AGO }],
        otherCredentials: [],
      }),
    },
    roles: [{ ...sender, roleLastUsed: { date: LONG_AGO } }],
  });
  const report = await runAudit(
    { snapshot: { description: "fixture", load: async () => settled }, activity: [] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  const unused = { usage: "unused", unused: true };
  assert.deepEqual(verdicts(report), { reader: unused, sender: unused });
});

test("last-accessed data dating an access inside the window shows the use", async () => {
  const recent = snapshotOf({
    lastAccessed: {
      [reader.arn]: { services: [{ namespace: "iam", lastAuthenticated: "2026-05-30T00:00:00Z" }] },
      [sender.arn]: { services: [{ namespace: "sqs", lastAuthenticated: "2026-05-30T00:00:00Z" }] },
    },
  });
  const report = await runAudit(
    { snapshot: { description: "fixture", load: async () => recent }, activity: [] },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
  const used = { usage: "used", unused: false };
  assert.deepEqual(verdicts(report), { reader: used, sender: used });
});
