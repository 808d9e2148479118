import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MALLOC_ENV, restartEnvironment } from "../../bin/malloc-threshold.js";
import { realData, repoRoot } from "../helpers/paths.js";

test("commands that read trail files restart once on Linux with glibc's mmap threshold fixed", () => {
  const env = { PATH: "/usr/bin" };
  assert.deepEqual(restartEnvironment(["audit", "--snapshot", "x"], env, "linux"), { ...env, ...MALLOC_ENV });
  assert.deepEqual(restartEnvironment(["--verbose", "demo"], env, "linux"), { ...env, ...MALLOC_ENV });
  // Never twice, never where glibc is not the allocator, never for commands that read no trail.
  assert.equal(restartEnvironment(["audit"], { ...env, ...MALLOC_ENV }, "linux"), undefined);
  assert.equal(restartEnvironment(["audit"], env, "darwin"), undefined);
  for (const args of [["validate", "p.json"], ["--help"], [], ["apply", "report.json"]])
    assert.equal(restartEnvironment(args, env, "linux"), undefined, args.join(" "));
});

test("the restarted audit is the one that runs: its output and exit code come through once", () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-restart-"));
  const seen = join(dir, "seen");
  const preload = join(dir, "preload.cjs");
  // Every process the command starts records the threshold its environment gives glibc.
  writeFileSync(
    preload,
    `require("node:fs").appendFileSync(${JSON.stringify(seen)}, String(process.env.MALLOC_MMAP_THRESHOLD_) + "\\n");`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${preload}` };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/whittle.js", ...args], { cwd: repoRoot, encoding: "utf8", env });

  const audit = run(
    "audit",
    "--snapshot",
    realData("cloudmapper-demo", "iam-get-account-authorization-details.json"),
    "--now",
    "2019-12-01T00:00:00Z",
    "--quiet",
    "--format",
    "json",
  );
  assert.equal(audit.status, 0, audit.stderr);
  assert.equal(JSON.parse(audit.stdout).schemaVersion, 1);
  const expected =
    process.platform === "linux" ? ["undefined", MALLOC_ENV.MALLOC_MMAP_THRESHOLD_] : ["undefined"];
  assert.deepEqual(readFileSync(seen, "utf8").trim().split("\n"), expected);

  const refused = run("audit", "--snapshot", join(dir, "missing.json"), "--quiet");
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr.match(/missing\.json/g)?.length, 1, refused.stderr);
});
