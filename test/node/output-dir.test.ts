import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isInputError } from "../../cli/errors.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { makeOutputDir, OutputDirError } from "../../core/node/output-dir.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-out-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fails the test instead of hanging it, as Node's recursive mkdir did under /proc. */
const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms).unref(),
    ),
  ]);

test("a folder and its missing parents are made; an existing folder is kept", async () => {
  const nested = join(dir, "a", "b", "c");
  await makeOutputDir(nested);
  await makeOutputDir(nested);
  assert.ok(statSync(nested).isDirectory());
});

test("a folder the system refuses children in (/proc/x) fails at once, as an input error naming it", async () => {
  const error = await within(5_000, makeOutputDir("/proc/x/policies")).then(
    () => assert.fail("made a folder under /proc"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OutputDirError, String(error));
  assert.match(error.message, /cannot create \/proc\/x\/policies/);
  assert.ok(isInputError(error));
});

test("a file in the way is named as not a folder", async () => {
  const file = join(dir, "plain.txt");
  writeFileSync(file, "x");
  await assert.rejects(makeOutputDir(join(file, "report")), (e: unknown) => {
    assert.ok(e instanceof OutputDirError);
    assert.match(e.message, /plain\.txt exists and is not a folder/);
    return true;
  });
});

test("a backup folder that cannot be made fails at once, not in a loop", async () => {
  const store = new LocalBackupStore("/proc/x");
  await assert.rejects(within(5_000, store.write({ changeId: "change-1" } as never)), OutputDirError);
});
