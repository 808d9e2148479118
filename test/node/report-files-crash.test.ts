import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, promises, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeReportFiles } from "../../core/node/report-files.js";
import { reportFixture } from "../fixtures/report-fixture.js";

/** The fixture with `names` as its only recommended documents, and no plans. */
function recommending(...names: string[]) {
  const report = reportFixture();
  report.plans = [];
  const template = report.recommendations[0]!;
  const policy = template.policies[0]!;
  report.recommendations = names.map((name) => ({ ...template, policies: [{ ...policy, name }] }));
  return report;
}

/** Writes `report` into `dir` in a process killed once the report is in place, before any removal. */
function writeAndCrash(dir: string, report: ReturnType<typeof recommending>): void {
  const file = join(dir, "..", "next-report.json");
  writeFileSync(file, JSON.stringify(report));
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "../helpers/report-files-crash.ts"), dir, file],
    { encoding: "utf8" },
  );
  assert.equal(run.signal, "SIGKILL", run.stderr);
}

test("a run killed after its report is in place but before the earlier run's files are removed leaves them for the next run to remove", async () => {
  const root = mkdtempSync(join(tmpdir(), "whittle-report-crash-"));
  const dir = join(root, "out");
  try {
    await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-b"));
    writeFileSync(join(dir, "policies", "my-own.json"), "{}");
    writeAndCrash(dir, recommending("whittle-role-a", "whittle-role-c"));
    // The crash left the earlier run's b beside the new report.
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), [
      "my-own.json",
      "whittle-role-a.json",
      "whittle-role-b.json",
      "whittle-role-c.json",
    ]);
    const next = await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.deepEqual(next.warnings, []);
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), ["my-own.json", "whittle-role-a.json"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a policy file the run could not remove is removed by the next run, not kept as the user's", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-crash-"));
  try {
    await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-b"));
    const rm = promises.rm;
    t.mock.method(promises, "rm", (path: string, options?: object) =>
      path.endsWith("whittle-role-b.json")
        ? Promise.reject(Object.assign(new Error("busy"), { code: "EBUSY" }))
        : rm(path, options),
    );
    syncBuiltinESMExports();
    const failed = await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-c"));
    t.mock.restoreAll();
    syncBuiltinESMExports();
    assert.equal(failed.warnings.length, 1);
    assert.match(failed.warnings[0]!, /could not remove .*whittle-role-b\.json.*EBUSY/);
    const next = await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-c"));
    assert.deepEqual(next.warnings, []);
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), [
      "whittle-role-a.json",
      "whittle-role-c.json",
    ]);
    // Once removed, the list names only what the run wrote.
    assert.deepEqual(JSON.parse(readFileSync(join(dir, ".whittle-files.json"), "utf8")), {
      whittleFiles: 1,
      files: next.files,
    });
  } finally {
    t.mock.restoreAll();
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
});
