import assert from "node:assert/strict";
import { mkdtempSync, promises, readdirSync, readFileSync, rmSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeOrgReportFiles } from "../../core/node/organization-audit.js";
import { orgReportFixture } from "../engine/organization/org-fixture.js";

const read = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));

test("org report files whose write fails midway leave the earlier rollup whole, not mixed with the new one", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-org-files-"));
  try {
    const report = await orgReportFixture();
    await writeOrgReportFiles(dir, report);
    const earlier = read(dir);
    assert.deepEqual(Object.keys(earlier).sort(), ["org-report.html", "org-report.json", "org-report.md"]);
    // The second file's write fails, as on a full disk.
    const writeFile = promises.writeFile;
    let calls = 0;
    t.mock.method(promises, "writeFile", (...args: Parameters<typeof writeFile>) =>
      ++calls === 2
        ? Promise.reject(Object.assign(new Error("no space left on device"), { code: "ENOSPC" }))
        : writeFile(...args),
    );
    syncBuiltinESMExports();
    t.after(() => {
      t.mock.restoreAll();
      syncBuiltinESMExports();
    });
    const next = { ...report, generatedAt: "2026-12-01T00:00:00Z" };
    await assert.rejects(writeOrgReportFiles(dir, next), /no space left/);
    assert.deepEqual(read(dir), earlier);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
