import assert from "node:assert/strict";
import { mkdtempSync, promises, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isInputError } from "../../cli/errors.js";
import { BackupChangedError, BackupExistsError, BackupInvalidError } from "../../core/engine/plans/change.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { changeRecord } from "../helpers/change-record.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-backups-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const record = changeRecord;

/** Rejects with one line naming the file, and as the user's input (exit 2). */
async function refused(changeId: string, pattern: RegExp): Promise<void> {
  await assert.rejects(new LocalBackupStore(dir).read(changeId), (error: unknown) => {
    assert.ok(error instanceof BackupInvalidError, String(error));
    assert.ok(isInputError(error));
    assert.ok(!error.message.includes("\n"), error.message);
    assert.match(error.message, new RegExp(`${changeId}\\.json`));
    assert.match(error.message, pattern);
    return true;
  });
}

test("a backup that is not JSON is refused in one line", async () => {
  writeFileSync(join(dir, "change-a.json"), "{ truncated");
  await refused("change-a", /is not JSON/);
});

test("a backup of another format is refused in one line", async () => {
  writeFileSync(join(dir, "change-b.json"), JSON.stringify({ formatVersion: 2, changeId: "change-b" }));
  await refused("change-b", /is not a change record Whittle can read: formatVersion/);
});

test("another change's backup under this change's name is refused, not rolled back in its place", async () => {
  const store = new LocalBackupStore(dir);
  await store.write(record("change-c"));
  assert.deepEqual(await store.read("change-c"), record("change-c"));
  writeFileSync(join(dir, "change-d.json"), JSON.stringify(record("change-c")));
  await refused("change-d", /holds change change-c/);
});

test("a change's first record is written only where none of its id is, and the one there is kept", async () => {
  const store = new LocalBackupStore(dir);
  const first = { ...record("change-e"), status: "backed-up" as const };
  const second = { ...first, createdAt: "2026-11-22T00:00:00.500Z" };
  const records = [first, second];
  const writes = await Promise.allSettled(records.map((r) => store.create(r)));
  const kept = writes.findIndex((w) => w.status === "fulfilled");
  const refusedWrites = writes.filter((w) => w.status === "rejected");
  assert.equal(refusedWrites.length, 1);
  assert.ok(refusedWrites[0]!.reason instanceof BackupExistsError, String(refusedWrites[0]!.reason));
  assert.deepEqual(await store.read("change-e"), records[kept]);
  await assert.rejects(store.create(second), BackupExistsError);
  assert.deepEqual(await store.read("change-e"), records[kept]);
  // Its later records replace it; nothing staged is left beside them.
  await store.write({ ...records[kept]!, status: "applied" });
  assert.equal((await store.read("change-e")).status, "applied");
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.startsWith("change-e")),
    ["change-e.json"],
  );
});

test("where the file system makes no hard links, a change's first record is still written only where none of its id is", async (t) => {
  t.mock.method(promises, "link", () =>
    Promise.reject(Object.assign(new Error("operation not permitted"), { code: "EPERM" })),
  );
  syncBuiltinESMExports();
  t.after(() => {
    t.mock.restoreAll();
    syncBuiltinESMExports();
  });
  const store = new LocalBackupStore(dir);
  const first = { ...record("change-f"), status: "backed-up" as const };
  await store.create(first);
  assert.deepEqual(await store.read("change-f"), first);
  await assert.rejects(store.create({ ...first, createdAt: "2026-11-22T00:00:00.500Z" }), BackupExistsError);
  assert.deepEqual(await store.read("change-f"), first);
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.startsWith("change-f")),
    ["change-f.json"],
  );
});

test("two conditional writes finding one lock left by a writer that died: one writes, the other is refused", async (t) => {
  const store = new LocalBackupStore(dir);
  const held = record("change-l");
  await store.write(held);
  const lock = join(dir, "change-l.json.lock");
  writeFileSync(lock, "4242\n");
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  const { rename, rm, stat } = promises;
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Both find the lock stale before either moves on; the second's removal comes after the first
  // has taken the lock, and the first's write of the record comes after the second's.
  let stats = 0;
  let bothSaw = () => {};
  const seen = new Promise<void>((resolve) => (bothSaw = resolve));
  t.mock.method(promises, "stat", async (path: string) => {
    if (String(path) === lock && ++stats === 2) bothSaw();
    if (String(path) === lock) await Promise.race([seen, wait(500)]);
    return stat(path);
  });
  let rms = 0;
  t.mock.method(promises, "rm", async (path: string, options: object) => {
    if (String(path) === lock && ++rms === 2) await wait(50);
    return rm(path, options);
  });
  let renames = 0;
  t.mock.method(promises, "rename", async (from: string, to: string) => {
    if (String(to).endsWith("change-l.json") && ++renames === 1) await wait(150);
    return rename(from, to);
  });
  syncBuiltinESMExports();
  t.after(() => {
    t.mock.restoreAll();
    syncBuiltinESMExports();
  });
  const from = { status: held.status, lease: undefined };
  const results = await Promise.allSettled([
    store.write({ ...held, status: "rolled-back" }, from),
    store.write({ ...held, status: "backed-up" }, from),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ["fulfilled", "rejected"],
    String(results.map((r) => (r.status === "rejected" ? r.reason : "")).join("; ")),
  );
  assert.ok((results[1] as PromiseRejectedResult).reason instanceof BackupChangedError);
  assert.equal((await store.read("change-l")).status, "rolled-back");
});
