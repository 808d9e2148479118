import assert from "node:assert/strict";
import { test } from "node:test";
import { lastAccessEvidence } from "../../../core/engine/audit/last-accessed.js";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { expandActionPattern } from "../../../core/engine/policy/expand.js";
import type { ServiceLastAccessed } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const SINCE = "2026-03-01T00:00:00Z";
const NOW = "2026-06-01T00:00:00.000Z";
const WINDOW = { start: SINCE, end: NOW };

/** The app role's last-accessed evidence over these services' data. */
function evidenceOf(services: ServiceLastAccessed[]) {
  const app = role("app");
  const snapshot = snapshotWith({
    collectedAt: NOW,
    roles: [app],
    lastAccessed: { [app.arn]: { services } },
  });
  return { evidence: lastAccessEvidence(snapshot, app.arn, WINDOW), snapshot };
}

test("last-accessed evidence: action-level where tracked, else the service, else unknown", () => {
  const { evidence, snapshot } = evidenceOf([
    {
      namespace: "s3",
      lastAuthenticated: "2026-05-01T00:00:00Z",
      actions: [
        { action: "GetObject", lastAccessed: "2026-05-01T00:00:00Z" },
        { action: "PutObject", lastAccessed: "2026-01-01T00:00:00Z" },
        { action: "DeleteObject" },
      ],
    },
    { namespace: "dynamodb", lastAuthenticated: "2026-04-01T00:00:00Z" },
    { namespace: "sqs", lastAuthenticated: "2025-12-01T00:00:00Z" },
    { namespace: "sns" },
  ]);
  assert.equal(evidence.verdict("s3:GetObject"), "used");
  assert.equal(evidence.verdict("s3:PutObject"), "unused", "last accessed before the window");
  assert.equal(evidence.verdict("s3:DeleteObject"), "unused", "tracked, never accessed");
  assert.equal(
    evidence.verdict("s3:PutObjectTagging"),
    "accessed-service",
    "not tracked: only the service is known",
  );
  assert.equal(evidence.verdict("dynamodb:GetItem"), "accessed-service");
  assert.equal(evidence.verdict("sqs:SendMessage"), "unused", "the whole service was unused in the window");
  assert.equal(evidence.verdict("sns:Publish"), "unused", "not accessed in the tracking period");
  assert.equal(evidence.verdict("kinesis:PutRecord"), "unknown");
  assert.equal(
    lastAccessEvidence(snapshot, "arn:aws:iam::1:role/other", WINDOW).verdict("s3:GetObject"),
    "unknown",
  );
});

test("last-accessed data ends at the snapshot: from one older than the window's end, nothing is shown unused", () => {
  const { snapshot } = evidenceOf([
    { namespace: "sqs", lastAuthenticated: "2025-12-01T00:00:00Z" },
    { namespace: "s3", lastAuthenticated: "2026-05-01T00:00:00Z", actions: [{ action: "DeleteObject" }] },
  ]);
  const later = lastAccessEvidence(snapshot, role("app").arn, { start: SINCE, end: "2026-08-01T00:00:00Z" });
  assert.equal(later.verdict("sqs:SendMessage"), "unknown", "the service may have been used since");
  assert.equal(later.verdict("s3:DeleteObject"), "unknown");
  const sameDay = lastAccessEvidence(snapshot, role("app").arn, {
    start: SINCE,
    end: "2026-06-01T12:00:00Z",
  });
  assert.equal(sameDay.verdict("sqs:SendMessage"), "unused", "a snapshot of the same day still speaks");
});

test("no access in AWS's 400-day tracking period shows nothing unused in a longer window", () => {
  // A service used 450 days ago, inside a 500-day window, is listed without a date.
  const { snapshot } = evidenceOf([
    { namespace: "sqs" },
    { namespace: "sns", lastAuthenticated: "2025-01-01T00:00:00Z" },
    { namespace: "s3", lastAuthenticated: "2026-05-01T00:00:00Z", actions: [{ action: "DeleteObject" }] },
  ]);
  const long = lastAccessEvidence(snapshot, role("app").arn, { start: "2025-01-17T00:00:00Z", end: NOW });
  assert.equal(long.verdict("sqs:SendMessage"), "unknown");
  assert.notEqual(long.verdict("s3:DeleteObject"), "unused");
  assert.equal(long.verdict("sns:Publish"), "unused", "a date before the window still speaks");
  const year = lastAccessEvidence(snapshot, role("app").arn, { start: "2025-06-01T00:00:00Z", end: NOW });
  assert.equal(year.verdict("sqs:SendMessage"), "unused", "a window inside the tracking period");
  assert.equal(year.verdict("s3:DeleteObject"), "unused");
});

test("last-accessed evidence ignores case and, for an action listed twice, reads the first entry", () => {
  const { evidence } = evidenceOf([
    {
      namespace: "S3",
      lastAuthenticated: "2026-05-01T00:00:00Z",
      actions: [
        { action: "getObject", lastAccessed: "2026-05-01T00:00:00Z" },
        { action: "GetObject", lastAccessed: "2026-01-01T00:00:00Z" },
        { action: "PutObject", lastAccessed: "2026-01-01T00:00:00Z" },
        { action: "putobject", lastAccessed: "2026-05-01T00:00:00Z" },
      ],
    },
  ]);
  for (const _ of [1, 2]) {
    assert.equal(evidence.verdict("s3:GetObject"), "used");
    assert.equal(evidence.verdict("S3:GETOBJECT"), "used");
    assert.equal(evidence.verdict("s3:PutObject"), "unused");
    assert.equal(evidence.verdict("s3:ListBucket"), "accessed-service");
  }
});

test("an unseen observable action is a verified removal", () => {
  const current = principal([
    input("p", doc({ Effect: "Allow", Action: ["s3:ListBucket", "s3:DeleteBucket"], Resource: "*" })),
  ]);
  const base = {
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role" as const,
    current,
    observed: [{ action: "s3:ListBucket", count: 1, resources: ["arn:aws:s3:::b"], unscopedCalls: 0 }],
    observable: catalog.fullSet(),
  };
  const covered = recommend(base);
  assert.ok("recommendation" in covered);
  assert.deepEqual(covered.recommendation.removedActions, ["s3:DeleteBucket"]);
  assert.equal(covered.recommendation.removedVerified, 1);
  assert.equal(covered.recommendation.removedUnverified, 0);
});

test("a principal allowed * keeps what the trail cannot show, and is told when that outgrows IAM's quota", () => {
  const base = {
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/admin",
    principalName: "admin",
    principalType: "role" as const,
    current: principal([input("admin", ADMIN)]),
    observed: [{ action: "s3:ListAllMyBuckets", count: 1, resources: [], unscopedCalls: 1 }],
  };
  const result = recommend({
    ...base,
    observable: catalog.fullSet().minus(expandActionPattern(catalog, "s3:*")),
  });
  assert.ok("recommendation" in result);
  const rec = result.recommendation;
  assert.ok(rec.unobservableKept.includes("s3:GetObject"));
  assert.equal(rec.removedUnverified, 0);
  assert.ok(rec.policies.length <= 10, `${rec.policies.length} policies`);
  assert.doesNotMatch(rec.summary, /managed policies/);
  const blind = recommend({ ...base, observable: catalog.emptySet() });
  assert.ok("recommendation" in blind);
  assert.ok(blind.recommendation.policies.length > 10);
  assert.match(
    blind.recommendation.summary,
    /needs \d+ managed policies, more than the 10 IAM attaches by default/,
  );
});
