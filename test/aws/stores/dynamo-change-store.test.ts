import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import {
  ChangeConflictError,
  type ChangeEvent,
  ChangeNotFoundError,
  DynamoChangeStore,
  type NewChange,
  PlanNotApprovedError,
} from "../../../core/aws/stores/index.js";
import { freshTables } from "../../helpers/findings-table.js";
import { REPORT_ACCOUNT as ACCOUNT } from "../../helpers/report-fixture.js";

let store: DynamoChangeStore;
const freshTable = freshTables("changes");
beforeEach(async () => {
  store = new DynamoChangeStore(await freshTable());
});

const ALICE = "arn:aws:sts::123456789012:assumed-role/SecurityLead/alice";
const BOB = "arn:aws:sts::123456789012:assumed-role/PlatformOps/bob";
const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, "0")}:00.000Z`;
const approval = { accountId: ACCOUNT, runId: "run-1", planId: "plan-a", planDigest: "d1" };
const approve = () => store.approve({ ...approval, approvedBy: ALICE, approvedAt: at(0) });
const change = (changeId = "plan-a-20261122T100100"): NewChange => ({
  accountId: ACCOUNT,
  changeId,
  runId: "run-1",
  planId: "plan-a",
  target: { type: "role", arn: `arn:aws:iam::${ACCOUNT}:role/app`, name: "app" },
  effect: { create: ["whittle-app"], attach: [], detach: [], deleteInline: ["all"] },
  backup: `s3://reports/changes/${ACCOUNT}/${changeId}.json`,
  createdAt: at(1),
});
const event = (
  action: ChangeEvent["action"],
  result: ChangeEvent["result"],
  minute: number,
): ChangeEvent => ({
  action,
  by: BOB,
  at: at(minute),
  result,
});

test("an approval is recorded once: approving again returns the first one", async () => {
  assert.equal((await approve()).created, true);
  const again = await store.approve({ ...approval, approvedBy: BOB, approvedAt: at(5) });
  assert.equal(again.created, false);
  assert.equal(again.approval.approvedBy, ALICE);
  assert.deepEqual(await store.getApproval(ACCOUNT, "run-1", "plan-a"), {
    ...approval,
    approvedBy: ALICE,
    approvedAt: at(0),
  });
});

test("apply needs an approval of this very plan", async () => {
  await assert.rejects(store.beginApply(change(), "d1", event("apply", "applied", 1)), PlanNotApprovedError);
  await approve();
  await assert.rejects(
    store.beginApply(change(), "other", event("apply", "applied", 1)),
    PlanNotApprovedError,
  );
  assert.equal(await store.getChange(ACCOUNT, change().changeId), undefined, "nothing recorded");
});

test("an approval is used by one change; its entry keeps who approved, who applied and each outcome", async () => {
  await approve();
  const begun = await store.beginApply(change(), "d1", event("apply", "applied", 1));
  assert.equal(begun.status, "applying");
  await assert.rejects(
    store.beginApply(change("plan-a-20261122T100200"), "d1", event("apply", "applied", 2)),
    ChangeConflictError,
  );
  await store.endApply(begun, "applied", event("apply", "applied", 2));
  const { entry: rolling } = await store.beginRollback(
    ACCOUNT,
    begun.changeId,
    event("rollback", "rolled-back", 3),
    at(0),
  );
  assert.equal(rolling.status, "rolling-back");
  await store.endRollback(rolling, "rolled-back", event("rollback", "rolled-back", 4));
  const entry = await store.getChange(ACCOUNT, begun.changeId);
  assert.equal(entry?.status, "rolled-back");
  assert.equal(entry?.approvedBy, ALICE);
  assert.equal(entry?.backup, change().backup);
  assert.deepEqual(entry?.effect, change().effect);
  assert.deepEqual(
    entry?.history.map((e) => `${e.action} ${e.result} ${e.at}`),
    [
      `apply applied ${at(1)}`,
      `apply applied ${at(2)}`,
      `rollback rolled-back ${at(3)}`,
      `rollback rolled-back ${at(4)}`,
    ],
  );
  assert.equal((await store.getApproval(ACCOUNT, "run-1", "plan-a"))?.changeId, begun.changeId);
});

test("a refused apply changed nothing: the approval may be used again", async () => {
  await approve();
  const begun = await store.beginApply(change(), "d1", event("apply", "applied", 1));
  const refused = await store.endApply(begun, "refused", {
    ...event("apply", "refused", 1),
    detail: "drift",
  });
  assert.equal(refused.status, "refused");
  assert.equal((await store.getChange(ACCOUNT, begun.changeId))?.history.at(-1)?.detail, "drift");
  const retry = await store.beginApply(change("plan-a-20261122T100500"), "d1", event("apply", "applied", 5));
  assert.equal(retry.status, "applying");
  await assert.rejects(
    store.beginRollback(ACCOUNT, begun.changeId, event("rollback", "rolled-back", 6), at(0)),
    ChangeConflictError,
    "a refused change has nothing to roll back",
  );
});

test("rollback: never twice, never during a live apply, yes after an apply that died", async () => {
  await approve();
  const begun = await store.beginApply(change(), "d1", event("apply", "applied", 1));
  await assert.rejects(
    store.beginRollback(ACCOUNT, begun.changeId, event("rollback", "rolled-back", 2), at(0)),
    ChangeConflictError,
  );
  const { entry: rolling } = await store.beginRollback(
    ACCOUNT,
    begun.changeId,
    event("rollback", "rolled-back", 20),
    at(5),
  );
  await store.endRollback(rolling, "rolled-back", event("rollback", "rolled-back", 21));
  await assert.rejects(
    store.beginRollback(ACCOUNT, begun.changeId, event("rollback", "rolled-back", 22), at(22)),
    ChangeConflictError,
  );
  await assert.rejects(
    store.beginRollback(ACCOUNT, "no-such-change", event("rollback", "rolled-back", 22), at(0)),
    ChangeNotFoundError,
  );
});

test("a rollback refused before touching IAM returns the change to the status it had, and it may be rolled back again at once", async () => {
  await approve();
  const begun = await store.beginApply(change(), "d1", event("apply", "started", 1));
  // An apply that died: still `applying` past the stale mark, then a rollback whose backup is unreadable.
  const first = await store.beginRollback(ACCOUNT, begun.changeId, event("rollback", "started", 20), at(5));
  assert.deepEqual(first.was, { status: "applying", updatedAt: at(1) });
  const refused = await store.refuseRollback(first.entry, first.was, {
    ...event("rollback", "refused", 21),
    detail: "not JSON",
  });
  assert.equal(refused.status, "applying");
  const entry = await store.getChange(ACCOUNT, begun.changeId);
  assert.deepEqual(entry, refused);
  assert.equal(entry?.updatedAt, at(1));
  assert.deepEqual(
    entry?.history.map((e) => `${e.action} ${e.result} ${e.at}`),
    [`apply started ${at(1)}`, `rollback started ${at(20)}`, `rollback refused ${at(21)}`],
  );
  const again = await store.beginRollback(ACCOUNT, begun.changeId, event("rollback", "started", 22), at(5));
  assert.equal(again.entry.status, "rolling-back");
  await store.endRollback(again.entry, "rolled-back", event("rollback", "rolled-back", 23));
});

test("the account's changes are listed a page at a time; another account's are not among them", async () => {
  await approve();
  for (const minute of [1, 2, 3]) {
    const id = `plan-a-20261122T10${minute}000`;
    const begun = await store.beginApply(change(id), "d1", event("apply", "started", minute));
    await store.endApply(begun, "refused", event("apply", "refused", minute));
  }
  await store.approve({ ...approval, accountId: "210987654321", approvedBy: ALICE, approvedAt: at(0) });
  await store.beginApply(
    { ...change("other"), accountId: "210987654321" },
    "d1",
    event("apply", "started", 4),
  );
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.listChanges(ACCOUNT, { limit: 2, ...(nextToken ? { nextToken } : {}) });
    ids.push(...page.items.map((c) => c.changeId));
    nextToken = page.nextToken;
  } while (nextToken);
  assert.deepEqual(ids, ["plan-a-20261122T101000", "plan-a-20261122T102000", "plan-a-20261122T103000"]);
});
