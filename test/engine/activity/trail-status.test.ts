import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { notLogging, type TrailStatus } from "../../../core/engine/activity/trail-status.js";
import { auditWith } from "../../helpers/audit-fixture.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { createTopic, reader } from "../audit/topic-creating-reader.js";

// Two trails delivering to one bucket and prefix: "management" logs every management event,
// "objects" S3 object reads and writes. The files read hold a reader's CreateTopic alone. The
// audit's window is [2026-03-03, 2026-06-01].
const shared = { bucket: "org-logs", prefix: "trails" };
const WINDOW = { start: "2026-03-03T00:00:00.000Z", end: "2026-06-01T00:00:00.000Z" };
const management: TrailLogging = {
  trail: "management",
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: [],
  delivery: shared,
  status: { logging: true, startedAt: "2025-01-01T00:00:00.000Z" },
};
const objects = (status?: TrailStatus): TrailLogging => ({
  trail: "objects",
  management: { read: false, write: false },
  data: [{ type: "AWS::S3::Object", read: true, write: true, resources: "all" }],
  delivery: shared,
  ...(status ? { status } : {}),
});

async function audit(objectTrail: TrailLogging) {
  const role = reader();
  const report = await auditWith(snapshotWith({ roles: [role] }), [createTopic(role.arn)], {
    logging: [management, objectTrail],
  });
  const rec = report.recommendations.find((r) => r.principalArn === role.arn);
  assert.ok(rec, "a recommendation is made: the management trail's files are read");
  return { removed: rec.removedActions, problems: report.sources.problems ?? [], report };
}

test("a trail stopped before the window shows no object read unmade, though its bucket holds the other trail's files", async () => {
  const { removed, problems, report } = await audit(
    objects({ logging: false, startedAt: "2025-01-01T00:00:00.000Z", stoppedAt: "2026-01-10T00:00:00.000Z" }),
  );
  assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify(removed));
  assert.ok(
    problems.some((p) => p.code === "trail-not-logging" && p.origin === "objects"),
    JSON.stringify(problems),
  );
  assert.deepEqual(report.coverage?.[0]?.loggedDataEvents, []);
});

test("a trail whose status cannot be read, or stopped at a time not given, counts on none of its selectors", async () => {
  for (const status of [
    { logging: "unknown", reason: "AccessDeniedException" } as const,
    { logging: false } as const,
  ]) {
    const { removed, problems } = await audit(objects(status));
    assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify(status));
    assert.ok(problems.some((p) => p.code === "trail-not-logging"));
  }
});

test("a trail logging, stopped after the window ends, or read from files (no status) logs what its selectors say", async () => {
  for (const status of [
    { logging: true, startedAt: "2025-01-01T00:00:00.000Z" },
    { logging: false, startedAt: "2025-01-01T00:00:00.000Z", stoppedAt: "2026-06-02T00:00:00.000Z" },
    undefined,
  ] satisfies (TrailStatus | undefined)[]) {
    const { removed, problems } = await audit(objects(status));
    assert.ok(removed.includes("s3:GetObject"), JSON.stringify({ status, removed }));
    assert.equal(
      problems.some((p) => p.code === "trail-not-logging"),
      false,
    );
  }
});

test("a trail logging since a start inside the window shows no object read unmade: it recorded none before", async () => {
  // GetTrailStatus gives the latest start (and stop): a trail started, or stopped and started
  // again, inside the window recorded nothing for its first part, whatever its bucket holds.
  for (const status of [
    { logging: true, startedAt: "2026-05-01T00:00:00.000Z" },
    { logging: true, startedAt: "2025-01-01T00:00:00.000Z", stoppedAt: "2026-04-01T00:00:00.000Z" },
  ] satisfies TrailStatus[]) {
    const { removed, problems, report } = await audit(objects(status));
    assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify({ status, removed }));
    const unused = report.findings.filter((f) => f.kind === "unused-action" || f.kind === "unused-service");
    assert.equal(
      unused.some((f) => f.actions?.includes("s3:GetObject") || JSON.stringify(f.evidence).includes('"s3"')),
      false,
      JSON.stringify(unused),
    );
    assert.ok(
      problems.some((p) => p.code === "trail-not-logging" && /2026-0[45]-01/.test(p.message)),
      JSON.stringify(problems),
    );
  }
});

test("a trail logging, or stopped after the window, whose status gives no start shows no object read unmade", async () => {
  // GetTrailStatus's reference marks none of its response fields as always given: without
  // StartLoggingTime the trail may have started at any time, inside the window as well.
  for (const status of [
    { logging: true },
    { logging: true, stoppedAt: "2025-01-01T00:00:00.000Z" },
    { logging: false, stoppedAt: "2026-06-02T00:00:00.000Z" },
  ] satisfies TrailStatus[]) {
    const { removed, problems } = await audit(objects(status));
    assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify({ status, removed }));
    assert.ok(
      problems.some(
        (p) => p.code === "trail-not-logging" && p.origin === "objects" && /does not give/.test(p.message),
      ),
      JSON.stringify(problems),
    );
  }
});

test("a trail stopped after the window ends, but started inside it, shows no object read unmade", async () => {
  const { removed, problems } = await audit(
    objects({ logging: false, startedAt: "2026-05-01T00:00:00.000Z", stoppedAt: "2026-06-02T00:00:00.000Z" }),
  );
  assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify(removed));
  assert.ok(
    problems.some((p) => p.code === "trail-not-logging" && /2026-05-01/.test(p.message)),
    JSON.stringify(problems),
  );
});

test("a trail logging whose files fail to reach its bucket shows no object read unmade, though the other trail's files arrive", async () => {
  // A bucket policy allowing one trail's aws:SourceArn alone refuses the other's files: every day
  // still holds the first trail's, and GetTrailStatus names the refusal (LatestDeliveryError).
  const { removed, problems } = await audit(
    objects({ logging: true, startedAt: "2025-01-01T00:00:00.000Z", deliveryError: "AccessDenied" }),
  );
  assert.equal(removed.includes("s3:GetObject"), false, JSON.stringify(removed));
  assert.ok(
    problems.some(
      (p) => p.code === "trail-not-logging" && p.origin === "objects" && /AccessDenied/.test(p.message),
    ),
    JSON.stringify(problems),
  );
});

test("notLogging: a stop before the window's end empties the trail, keeping where it delivers", () => {
  const off = notLogging(objects({ logging: false, stoppedAt: "2026-05-31T23:59:59.000Z" }), WINDOW);
  assert.deepEqual(off?.counted.management, { read: false, write: false });
  assert.deepEqual(off?.counted.data, []);
  assert.deepEqual(off?.counted.delivery, shared);
  assert.match(off?.message ?? "", /not logging since 2026-05-31T23:59:59.000Z/);
  assert.equal(
    notLogging(
      objects({
        logging: false,
        startedAt: "2025-01-01T00:00:00.000Z",
        stoppedAt: "2026-06-01T00:00:00.000Z",
      }),
      WINDOW,
    ),
    undefined,
  );
});
