import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import {
  DynamoFindingStore,
  IdempotencyConflictError,
  RunAlreadyStartedError,
  RunConflictError,
  type StoredFinding,
} from "../../../core/aws/stores/index.js";
import type { ReportFinding } from "../../../core/engine/report/schema.js";
import { freshTables } from "../../helpers/findings-table.js";
import { REPORT_ACCOUNT as ACCOUNT, finding } from "../../helpers/report-fixture.js";

const freshTable = freshTables("runs");
async function freshStore(): Promise<DynamoFindingStore> {
  return new DynamoFindingStore(await freshTable());
}

let store: DynamoFindingStore;
beforeEach(async () => {
  store = await freshStore();
});

const COUNTS = { critical: 0, high: 0, medium: 1, low: 0, info: 0, suppressed: 0, principals: 1, events: 1 };
const T = (day: number) => `2026-11-0${day}T00:00:00.000Z`;

/** Three overlapping runs, by start: each sees a different account. */
const RUNS: { runId: string; startedAt: string; findings: ReportFinding[] }[] = [
  { runId: "run-a", startedAt: T(1), findings: [finding("a"), finding("b"), finding("x")] },
  { runId: "run-b", startedAt: T(2), findings: [finding("a"), finding("c")] },
  {
    runId: "run-c",
    startedAt: T(3),
    findings: [finding("a"), finding("b", { suppressed: { reason: "accepted", rule: "r" } }), finding("d")],
  },
];

async function finish(s: DynamoFindingStore, run: (typeof RUNS)[number]): Promise<void> {
  await s.startRun({ runId: run.runId, trigger: "schedule", startedAt: run.startedAt }, `exec-${run.runId}`);
  await s.recordFindings({ accountId: ACCOUNT, runId: run.runId, startedAt: run.startedAt }, run.findings);
  await s.completeRun(run.runId, ACCOUNT, COUNTS, T(9));
}

/** Each finding's status and the run it reflects: what the API serves. */
async function state(s: DynamoFindingStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const status of ["open", "suppressed", "resolved"] as const) {
    let nextToken: string | undefined;
    do {
      const page = await s.queryFindings({ accountId: ACCOUNT, status, ...(nextToken ? { nextToken } : {}) });
      for (const f of page.items as StoredFinding[])
        out[f.id] = status === "resolved" ? status : `${status}@${f.runId}`;
      nextToken = page.nextToken;
    } while (nextToken);
  }
  return out;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

test("runs finishing in every order leave the state the newest run saw, and LATEST names it", async () => {
  const expected = {
    a: "open@run-c",
    b: "suppressed@run-c",
    c: "resolved",
    d: "open@run-c",
    x: "resolved",
  };
  for (const order of permutations(RUNS)) {
    const s = await freshStore();
    for (const run of order) await finish(s, run);
    const names = order.map((r) => r.runId).join(" → ");
    assert.deepEqual(await state(s), expected, names);
    assert.equal(await s.latestRun(ACCOUNT), "run-c", names);
  }
});

test("a finding resolved by a newer run is not reopened by an older run finishing later", async () => {
  await finish(store, { runId: "r0", startedAt: T(1), findings: [finding("a")] });
  await finish(store, { runId: "newer", startedAt: T(3), findings: [] });
  await finish(store, { runId: "older", startedAt: T(2), findings: [finding("a")] });
  assert.deepEqual(await state(store), { a: "resolved" });
});

test("only a SUCCEEDED run is LATEST: a run that fails after applying its findings is never served", async () => {
  await finish(store, { runId: "good", startedAt: T(1), findings: [finding("a")] });
  await store.startRun({ runId: "bad", trigger: "schedule", startedAt: T(2) }, "exec-bad");
  await store.recordFindings({ accountId: ACCOUNT, runId: "bad", startedAt: T(2) }, [finding("a")]);
  await store.failRun("bad", "StoreUnavailableError: throttled", T(3));
  assert.equal(await store.latestRun(ACCOUNT), "good");
  // An older run completing after a newer successful one does not take LATEST back.
  await finish(store, { runId: "newest", startedAt: T(4), findings: [] });
  await finish(store, { runId: "late", startedAt: T(3), findings: [] });
  assert.equal(await store.latestRun(ACCOUNT), "newest");
  assert.equal((await store.getRun("late"))?.status, "SUCCEEDED");
});

test("a duplicate start of a run id is refused, while its own claimant may retry", async () => {
  const run = { runId: "r1", trigger: "api" as const, startedAt: T(1) };
  await store.startRun(run, "exec-1");
  await store.startRun(run, "exec-1");
  await assert.rejects(store.startRun(run, "exec-2"), RunAlreadyStartedError);
  await store.completeRun("r1", ACCOUNT, COUNTS, T(2));
  await assert.rejects(store.startRun(run, "exec-1"), RunConflictError);
  assert.equal((await store.getRun("r1"))?.status, "SUCCEEDED");
});

test("a run past its deadline is FAILED with the reason; one within it is left RUNNING", async () => {
  await store.startRun({ runId: "r1", trigger: "api", startedAt: T(1), deadlineAt: T(2) }, "exec-1");
  assert.equal((await store.expireRun("r1", "2026-11-01T12:00:00.000Z"))?.status, "RUNNING");
  const expired = await store.expireRun("r1", T(3));
  assert.equal(expired?.status, "FAILED");
  assert.match(expired?.error ?? "", /DeadlineExceeded/);
  await assert.rejects(store.completeRun("r1", ACCOUNT, COUNTS, T(4)), RunConflictError);
  assert.equal(await store.latestRun(ACCOUNT), undefined);
});

test("a run that never started can be restarted; a run that failed while running cannot", async () => {
  await store.createRun({ runId: "r1", trigger: "api", startedAt: T(1) });
  await store.failRun("r1", "not started: ServiceUnavailable", T(1), { neverStarted: true });
  assert.equal(await store.restartRun("r1"), true);
  assert.deepEqual(await store.getRun("r1"), {
    runId: "r1",
    trigger: "api",
    startedAt: T(1),
    status: "RUNNING",
  });
  await store.startRun({ runId: "r1", trigger: "api", startedAt: T(2) }, "exec-1");
  await store.failRun("r1", "IAM unreachable", T(2));
  assert.equal(await store.restartRun("r1"), false);
  assert.equal((await store.getRun("r1"))?.status, "FAILED");
});

test("an execution that did start after the API recorded 'not started' still claims its run", async () => {
  await store.createRun({ runId: "r1", trigger: "api", startedAt: T(1) });
  await store.failRun("r1", "not started: socket hang up", T(1), { neverStarted: true });
  const started = await store.startRun({ runId: "r1", trigger: "api", startedAt: T(2) }, "exec-1");
  assert.equal(started.status, "RUNNING");
  assert.equal(started.error, undefined);
});

test("an idempotency key replayed with another request is a conflict", async () => {
  await store.createRun({ runId: "r1", trigger: "api", startedAt: T(1) }, { key: "k", fingerprint: "one" });
  await assert.rejects(
    store.createRun({ runId: "r2", trigger: "api", startedAt: T(1) }, { key: "k", fingerprint: "two" }),
    IdempotencyConflictError,
  );
  assert.deepEqual(
    await store.createRun({ runId: "r3", trigger: "api", startedAt: T(1) }, { key: "k", fingerprint: "one" }),
    { runId: "r1", created: false },
  );
});
