import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DynamoFindingStore,
  InvalidPageTokenError,
  type Page,
  type StoredFinding,
} from "../../../core/aws/stores/index.js";
import type { ReportFinding } from "../../../core/engine/report/schema.js";
import { freshTables } from "../../helpers/findings-table.js";
import { finding } from "../../helpers/report-fixture.js";

const freshTable = freshTables("listing");
async function freshStore(): Promise<DynamoFindingStore> {
  return new DynamoFindingStore(await freshTable());
}

const [A, B, C] = ["111111111111", "222222222222", "333333333333"];
const COUNTS = { critical: 0, high: 0, medium: 1, low: 0, info: 0, suppressed: 0, principals: 1, events: 1 };
const T = (day: number) => `2026-11-0${day}T00:00:00.000Z`;

async function succeed(
  s: DynamoFindingStore,
  accountId: string,
  runId: string,
  day: number,
  findings: ReportFinding[] = [],
) {
  await s.startRun({ runId, trigger: "schedule", startedAt: T(day), accountId }, `exec-${runId}`);
  await s.recordFindings({ accountId, runId, startedAt: T(day) }, findings);
  await s.completeRun(runId, accountId, COUNTS, T(9));
}

async function all<T>(read: (nextToken?: string) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await read(nextToken);
    pages.push(page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return pages;
}

test("an account's runs are listed newest first, in pages, whatever their status", async () => {
  const s = await freshStore();
  await succeed(s, A, "a1", 1);
  await s.startRun({ runId: "a2", trigger: "schedule", startedAt: T(2), accountId: A }, "exec-a2");
  await s.failRun("a2", "AccessDenied", T(3));
  // An API run is created before its account is known: listed once its worker names the account.
  await s.createRun({ runId: "a3", trigger: "api", startedAt: T(4) });
  assert.deepEqual(
    (await s.listRuns(A)).items.map((r) => r.runId),
    ["a2", "a1"],
  );
  await s.startRun({ runId: "a3", trigger: "api", startedAt: T(4), accountId: A }, "exec-a3");
  await succeed(s, B, "b1", 5);
  const pages = await all((nextToken) => s.listRuns(A, { limit: 2, ...(nextToken ? { nextToken } : {}) }));
  assert.deepEqual(
    pages.map((p) => p.map((r) => `${r.runId}:${r.status}`)),
    [["a3:RUNNING", "a2:FAILED"], ["a1:SUCCEEDED"]],
  );
  assert.deepEqual((await s.listRuns(C)).items, []);
});

test("a page token is refused by another account's listing, and garbage is refused", async () => {
  const s = await freshStore();
  await succeed(s, A, "a1", 1);
  await succeed(s, A, "a2", 2);
  const page = await s.listRuns(A, { limit: 1 });
  assert.ok(page.nextToken);
  await assert.rejects(s.listRuns(B, { nextToken: page.nextToken }), InvalidPageTokenError);
  await assert.rejects(s.listRuns(A, { nextToken: "not-a-token" }), InvalidPageTokenError);
  await assert.rejects(s.listLatestRuns({ nextToken: page.nextToken }), InvalidPageTokenError);
});

test("the organization's audits are each account's latest SUCCEEDED run, by account", async () => {
  const s = await freshStore();
  await succeed(s, B, "b1", 1);
  await succeed(s, A, "a1", 1);
  await succeed(s, A, "a2", 3);
  await succeed(s, A, "a-older", 2); // finishes last, but LATEST stays the newer run
  await s.startRun({ runId: "a4", trigger: "schedule", startedAt: T(4), accountId: A }, "exec-a4");
  await s.failRun("a4", "AccessDenied", T(5));
  await succeed(s, C, "c1", 2);
  await s.startRun({ runId: "d1", trigger: "schedule", startedAt: T(2), accountId: "444444444444" }, "e");
  const pages = await all((nextToken) => s.listLatestRuns({ limit: 2, ...(nextToken ? { nextToken } : {}) }));
  assert.deepEqual(
    pages.flat().map((r) => `${r.accountId}:${r.runId}:${r.status}`),
    [`${A}:a2:SUCCEEDED`, `${B}:b1:SUCCEEDED`, `${C}:c1:SUCCEEDED`],
  );
  assert.ok(pages.every((p) => p.length <= 2));
});

test("the organization's findings cover every account once, in pages, with the severity filter", async () => {
  const s = await freshStore();
  const high = { severity: "high" as const };
  await succeed(s, A, "a1", 1, [finding("a-1"), finding("a-2", high), finding("a-3")]);
  await succeed(s, B, "b1", 1, []);
  await succeed(s, C, "c1", 1, [finding("c-1", high), finding("c-2")]);
  const read = (limit: number, extra: { severity?: "high" } = {}) =>
    all((nextToken) =>
      s.queryOrgFindings({ status: "open", limit, ...extra, ...(nextToken ? { nextToken } : {}) }),
    );
  const ids = (pages: StoredFinding[][]) => pages.map((p) => p.map((f) => `${f.accountId}/${f.id}`));
  for (const limit of [1, 2, 3, 50]) {
    const pages = await read(limit);
    assert.ok(
      pages.every((p) => p.length <= limit),
      `limit ${limit}`,
    );
    const seen = ids(pages).flat();
    assert.deepEqual(seen.slice(0, 3).sort(), [`${A}/a-1`, `${A}/a-2`, `${A}/a-3`], `limit ${limit}`);
    assert.deepEqual(seen.slice(3).sort(), [`${C}/c-1`, `${C}/c-2`], `limit ${limit}`);
    assert.equal(seen[0], `${A}/a-2`, "most severe first within the account");
  }
  assert.deepEqual(ids(await read(50, high)), [[`${A}/a-2`, `${C}/c-1`]]);
  await assert.rejects(
    s.queryOrgFindings({ status: "open", nextToken: "eyJ4IjoxfQ" }),
    InvalidPageTokenError,
  );
});
