import assert from "node:assert/strict";
import { test } from "node:test";
import { readOfflineSnapshot } from "../../core/engine/snapshot/offline.js";
import { threadedSnapshotDetectors } from "../../core/node/detector-pool.js";
import { auditWith, listBucketsBy } from "../helpers/audit-fixture.js";
import { catalog } from "../helpers/catalog.js";
import { largeAccountGaad } from "../helpers/large-account.js";

// Real AWS managed policy statements as the account's own documents, and trust chains between roles.
const snapshot = readOfflineSnapshot({
  snapshot: { file: "account.json", text: JSON.stringify(largeAccountGaad({ roles: 200, seed: 5 })) },
  collectedAt: new Date("2026-05-01T00:00:00Z"),
});
const trail = [listBucketsBy("someone")];
const input = {
  snapshot,
  now: new Date("2026-06-01T00:00:00Z"),
  window: { start: "2026-03-03T00:00:00.000Z", end: "2026-06-01T00:00:00.000Z", days: 90 },
  config: {} as never,
};

test("an audit whose escalation and lint run in another thread reports what one run in this thread does", async () => {
  const here = await auditWith(snapshot, trail, {});
  const kinds = new Set(here.findings.map((f) => f.kind));
  // The thread's detectors have work to do here: paths, chains and lint warnings.
  assert.ok(kinds.has("privilege-escalation") && kinds.has("policy-warning"), [...kinds].join(", "));
  const there = await auditWith(snapshot, trail, { detectorThread: threadedSnapshotDetectors(2, catalog) });
  assert.deepEqual(there.findings, here.findings);
  assert.deepEqual(there.sources.problems, here.sources.problems);
});

test("a detector thread that fails leaves its detectors to the audit's thread, with the same findings", async () => {
  const here = await auditWith(snapshot, trail, {});
  const failing = await auditWith(snapshot, trail, {
    detectorThread: () => Promise.reject(new Error("the detector thread exited with code 1")),
  });
  assert.deepEqual(failing.findings, here.findings);
  assert.deepEqual(failing.sources.problems, here.sources.problems);
});

test("the detectors stay in the audit's thread with one thread, and for a small account by default", () => {
  assert.equal(threadedSnapshotDetectors(1, catalog)(input), undefined);
  assert.equal(threadedSnapshotDetectors("auto", catalog)(input), undefined);
});
