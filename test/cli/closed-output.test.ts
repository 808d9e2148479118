import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-closed-output-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs whittle with its standard output's reader gone before it prints, as `whittle … | head -0` leaves it. */
function withReaderGone(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["bin/whittle.js", ...args], { cwd: repoRoot });
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("a reader that stops early", () => {
  test("`audit --help` into a closed pipe ends with exit 0, not an unhandled EPIPE", async () => {
    const run = await withReaderGone("audit", "--help");
    assert.doesNotMatch(run.stderr, /EPIPE|Unhandled|at .*\.js:\d+/);
    assert.equal(run.code, 0, run.stderr);
  });

  test("the command's own exit code survives: a malformed policy still exits 2", async () => {
    const bad = join(dir, "malformed.json");
    writeFileSync(bad, '{"Version": "2012-10-17", "Statement": [');
    const run = await withReaderGone("validate", bad);
    assert.doesNotMatch(run.stderr, /EPIPE|Unhandled/);
    assert.equal(run.code, 2, run.stderr);
  });
});
