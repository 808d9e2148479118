import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  DynamoFindingStore,
  InvalidPageTokenError,
  RunConflictError,
  type StoredFinding,
  UnprocessedItemsError,
} from "../../../core/aws/stores/index.js";
import { createFindingsTable, dynamoClients } from "../../helpers/findings-table.js";
import { type MotoServer, startMoto } from "../../helpers/moto.js";
import { REPORT_ACCOUNT as ACCOUNT, finding } from "../../helpers/report-fixture.js";

let moto: MotoServer;
let doc: DynamoDBDocumentClient;
let store: DynamoFindingStore;
let table = "";
let tables = 0;
before(async () => {
  moto = await startMoto();
  doc = dynamoClients(moto.connection).doc;
});
after(() => moto.stop());
beforeEach(async () => {
  table = `findings-${++tables}`;
  await createFindingsTable(dynamoClients(moto.connection).dynamodb, table);
  store = new DynamoFindingStore({ doc, table });
});

const run = (runId: string, startedAt: string) => ({ accountId: ACCOUNT, runId, startedAt });
const T1 = "2026-11-01T00:00:00.000Z";
const T2 = "2026-11-02T00:00:00.000Z";
const T3 = "2026-11-03T00:00:00.000Z";

async function all(status: StoredFinding["status"]): Promise<Map<string, StoredFinding>> {
  const found = new Map<string, StoredFinding>();
  let nextToken: string | undefined;
  do {
    const page = await store.queryFindings({
      accountId: ACCOUNT,
      status,
      ...(nextToken ? { nextToken } : {}),
    });
    for (const item of page.items) found.set(item.id, item);
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

test("a finding opens, stays open while seen, and resolves when a later successful run no longer sees it", async () => {
  await store.recordFindings(run("r1", T1), [finding("a"), finding("b")]);
  const second = await store.recordFindings(run("r2", T2), [finding("a")]);
  assert.deepEqual(second, { seen: 1, resolved: 1, superseded: 0, latest: true });
  const open = await all("open");
  assert.deepEqual([...open.keys()], ["a"]);
  assert.equal(open.get("a")?.firstSeen, T1);
  assert.equal(open.get("a")?.lastSeen, T2);
  assert.equal(open.get("a")?.runId, "r2");
  const resolved = (await all("resolved")).get("b");
  assert.equal(resolved?.resolvedBy, "r2");
  assert.equal(resolved?.resolvedAt, T2);
});

test("a resolved finding seen again reopens and keeps its first sighting", async () => {
  await store.recordFindings(run("r1", T1), [finding("a")]);
  await store.recordFindings(run("r2", T2), []);
  await store.recordFindings(run("r3", T3), [finding("a")]);
  const open = (await all("open")).get("a");
  assert.equal(open?.firstSeen, T1);
  assert.equal(open?.resolvedAt, undefined);
  assert.equal((await all("resolved")).size, 0);
});

test("an excluded finding is stored as suppressed with its reason, and resolves like any other", async () => {
  const accepted = finding("s", { suppressed: { reason: "break-glass role", rule: "rule-1" } });
  await store.recordFindings(run("r1", T1), [accepted, finding("a")]);
  const suppressed = (await all("suppressed")).get("s");
  assert.equal(suppressed?.suppressedReason, "break-glass role");
  assert.deepEqual([...(await all("open")).keys()], ["a"]);
  await store.recordFindings(run("r2", T2), [finding("a")]);
  assert.equal((await all("resolved")).get("s")?.resolvedBy, "r2");
});

test("an older run finishing after a newer one neither resolves nor rewinds what the newer one saw", async () => {
  await store.recordFindings(run("r0", T1), [finding("a"), finding("b")]);
  await store.recordFindings(run("newer", T3), [finding("a"), finding("b")]);
  // Started before "newer", saw an account without "b" and with a stale "a", finished last.
  const late = await store.recordFindings(run("older", T2), [finding("a", { title: "stale" })]);
  assert.deepEqual(late, { seen: 1, resolved: 0, superseded: 1, latest: false });
  const open = await all("open");
  assert.deepEqual([...open.keys()].sort(), ["a", "b"]);
  assert.equal(open.get("a")?.runId, "newer");
  assert.equal(open.get("a")?.title, "finding a");
});

test("findings list most severe first, filter by severity, kind and principal, and page with a token", async () => {
  const severities = ["low", "critical", "medium", "high"] as const;
  const findings = Array.from({ length: 23 }, (_, i) =>
    finding(`f${String(i).padStart(2, "0")}`, {
      severity: severities[i % 4],
      kind: i % 2 ? "admin-access" : "unused-role",
    }),
  );
  await store.recordFindings(run("r1", T1), findings);
  const pages: StoredFinding[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.queryFindings({
      accountId: ACCOUNT,
      status: "open",
      limit: 10,
      ...(nextToken ? { nextToken } : {}),
    });
    pages.push(page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  assert.deepEqual(
    pages.slice(0, 3).map((p) => p.length),
    [10, 10, 3],
  );
  const flat = pages.flat();
  assert.equal(new Set(flat.map((f) => f.id)).size, 23);
  const ranks = flat.map((f) => ["critical", "high", "medium", "low", "info"].indexOf(f.severity));
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );

  const high = await store.queryFindings({ accountId: ACCOUNT, status: "open", severity: "high" });
  assert.ok(high.items.length > 0 && high.items.every((f) => f.severity === "high"));
  const admin = await store.queryFindings({
    accountId: ACCOUNT,
    status: "open",
    kind: "admin-access",
    limit: 100,
  });
  assert.equal(admin.items.length, 11);
  const one = await store.queryFindings({
    accountId: ACCOUNT,
    status: "open",
    principalArn: `arn:aws:iam::${ACCOUNT}:user/f07`,
    limit: 100,
  });
  assert.deepEqual(
    one.items.map((f) => f.id),
    ["f07"],
  );
});

test("a page token that the API did not issue is a typed error", async () => {
  await assert.rejects(
    store.queryFindings({ accountId: ACCOUNT, status: "open", nextToken: "bm90LWpzb24" }),
    InvalidPageTokenError,
  );
  const forged = Buffer.from(JSON.stringify({ pk: "x", evil: { S: "1" } })).toString("base64url");
  await assert.rejects(
    store.queryFindings({ accountId: ACCOUNT, status: "open", nextToken: forged }),
    InvalidPageTokenError,
  );
});

/** Returns all but the first item of every first attempt as unprocessed, as a throttled table does. */
function throttling(client: DynamoDBDocumentClient, calls: number[]) {
  let fresh = true;
  return {
    send: async (command: unknown) => {
      if (!(command instanceof BatchWriteCommand)) return client.send(command as never);
      const [name, requests] = Object.entries(command.input.RequestItems ?? {})[0] as [string, unknown[]];
      calls.push(requests.length);
      if (!fresh || requests.length < 2) {
        fresh = true;
        return client.send(command);
      }
      fresh = false;
      await client.send(new BatchWriteCommand({ RequestItems: { [name]: requests.slice(0, 1) as never } }));
      return { UnprocessedItems: { [name]: requests.slice(1) }, $metadata: {} };
    },
  } as unknown as DynamoDBDocumentClient;
}

test("unprocessed batch items are retried until written", async () => {
  const calls: number[] = [];
  const retrying = new DynamoFindingStore({
    doc: throttling(doc, calls),
    table,
    batch: { sleep: async () => {} },
  });
  const findings = Array.from({ length: 30 }, (_, i) => finding(`u${i}`));
  await retrying.recordFindings(run("r1", T1), findings);
  assert.deepEqual(calls, [25, 24, 5, 4]);
  const rows = await doc.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "RUN#r1" },
    }),
  );
  assert.equal(rows.Items?.length, 30);
});

test("a batch that never drains fails with a typed error after its retry budget", async () => {
  const stuck = {
    send: async (command: unknown) => {
      if (!(command instanceof BatchWriteCommand)) return doc.send(command as never);
      return { UnprocessedItems: command.input.RequestItems, $metadata: {} };
    },
  } as unknown as DynamoDBDocumentClient;
  const failing = new DynamoFindingStore({
    doc: stuck,
    table,
    batch: { maxAttempts: 3, sleep: async () => {} },
  });
  await assert.rejects(failing.recordFindings(run("r1", T1), [finding("a")]), UnprocessedItemsError);
});

test("a run goes RUNNING → SUCCEEDED with counts, and a finished run cannot restart or finish twice", async () => {
  await store.startRun({ runId: "r1", trigger: "schedule", startedAt: T1, accountId: ACCOUNT }, "exec-1");
  const counts = {
    critical: 1,
    high: 0,
    medium: 2,
    low: 0,
    info: 0,
    suppressed: 0,
    principals: 3,
    events: 9,
  };
  await store.completeRun("r1", ACCOUNT, counts, T2);
  const done = await store.getRun("r1");
  assert.deepEqual(done, {
    runId: "r1",
    status: "SUCCEEDED",
    trigger: "schedule",
    startedAt: T1,
    finishedAt: T2,
    accountId: ACCOUNT,
    counts,
  });
  await assert.rejects(
    store.startRun({ runId: "r1", trigger: "schedule", startedAt: T3 }, "exec-1"),
    RunConflictError,
  );
  await assert.rejects(store.failRun("r1", "late failure", T3), RunConflictError);
  assert.equal((await store.getRun("r1"))?.status, "SUCCEEDED");
});

test("a failed run keeps its error", async () => {
  await store.startRun({ runId: "r1", trigger: "api", startedAt: T1 }, "exec-1");
  await store.failRun("r1", "IAM unreachable", T2);
  const failed = await store.getRun("r1");
  assert.equal(failed?.status, "FAILED");
  assert.equal(failed?.error, "IAM unreachable");
  assert.equal(await store.getRun("missing"), undefined);
});

const KEY = { key: "key-1", fingerprint: "f1" };

test("an idempotency key creates one run; a repeat returns the first run's id", async () => {
  const first = await store.createRun({ runId: "r1", trigger: "api", startedAt: T1 }, KEY);
  const repeat = await store.createRun({ runId: "r2", trigger: "api", startedAt: T2 }, KEY);
  assert.deepEqual(first, { runId: "r1", created: true });
  assert.deepEqual(repeat, { runId: "r1", created: false });
  assert.equal(await store.getRun("r2"), undefined);
  assert.equal((await store.getRun("r1"))?.status, "RUNNING");
  // The worker picks the created run up without changing when it started.
  const started = await store.startRun(
    { runId: "r1", trigger: "api", startedAt: T3, accountId: ACCOUNT },
    "exec-1",
  );
  assert.equal(started.startedAt, T1);
  assert.equal(started.accountId, ACCOUNT);
});
