import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { MALLOC_ENV, restartEnvironment } from "../../bin/malloc-threshold.js";
import { realData, repoRoot } from "../helpers/paths.js";

test("commands that read trail files restart once on Linux with glibc's mmap threshold fixed", () => {
  const env = { PATH: "/usr/bin" };
  const restarted = { ...env, ...MALLOC_ENV, WHITTLE_RESTARTED: "1" };
  assert.deepEqual(restartEnvironment(["audit", "--snapshot", "x"], env, "linux"), restarted);
  assert.deepEqual(restartEnvironment(["--verbose", "demo"], env, "linux"), restarted);
  // Under a debugger the restarted process could not take the inspector's port.
  assert.equal(restartEnvironment(["audit"], env, "linux", ["--inspect=9229"]), undefined);
  assert.equal(restartEnvironment(["audit"], { ...env, NODE_OPTIONS: "--inspect-brk" }, "linux"), undefined);
  // Never twice, never where glibc is not the allocator, never for commands that read no trail.
  assert.equal(restartEnvironment(["audit"], { ...env, ...MALLOC_ENV }, "linux"), undefined);
  assert.equal(restartEnvironment(["audit"], env, "darwin"), undefined);
  for (const args of [["validate", "p.json"], ["--help"], [], ["apply", "report.json"], ["audit", "--help"]])
    assert.equal(restartEnvironment(args, env, "linux"), undefined, args.join(" "));
});

/** A folder whose preload makes every process the command starts record its pid and threshold. */
function recorder() {
  const dir = mkdtempSync(join(tmpdir(), "whittle-restart-"));
  const seen = join(dir, "seen");
  const preload = join(dir, "preload.cjs");
  writeFileSync(
    preload,
    `require("node:fs").appendFileSync(${JSON.stringify(seen)}, process.pid + " " + process.env.MALLOC_MMAP_THRESHOLD_ + "\\n");`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${preload}` };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const processes = () =>
    existsSync(seen)
      ? readFileSync(seen, "utf8")
          .trim()
          .split("\n")
          .map((line) => {
            const [pid, threshold] = line.split(" ");
            return { pid: Number(pid), threshold };
          })
      : [];
  return { dir, env, processes };
}

const restarts = process.platform === "linux";

test("the restarted audit is the one that runs: its output and exit code come through once", () => {
  const { dir, env, processes } = recorder();
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
  const expected = restarts ? ["undefined", MALLOC_ENV.MALLOC_MMAP_THRESHOLD_] : ["undefined"];
  assert.deepEqual(
    processes().map((p) => p.threshold),
    expected,
  );

  const refused = run("audit", "--snapshot", join(dir, "missing.json"), "--quiet");
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr.match(/missing\.json/g)?.length, 1, refused.stderr);
});

// SIGINT, SIGTERM and SIGHUP are passed on; SIGKILL cannot be and SIGQUIT is not: the restarted
// process follows its command's end through their channel.
for (const signal of ["SIGTERM", "SIGKILL", "SIGQUIT"] as const) {
  test(`${signal} sent to the command stops the restarted audit too`, async () => {
    const { dir, env, processes } = recorder();
    // A snapshot nobody writes: the audit waits on it until it is stopped.
    const fifo = join(dir, "snapshot.json");
    execFileSync("mkfifo", [fifo]);
    const command = spawn(process.execPath, ["bin/whittle.js", "audit", "--snapshot", fifo, "--quiet"], {
      cwd: repoRoot,
      env,
      stdio: "ignore",
    });
    while (processes().length < (restarts ? 2 : 1)) await sleep(50);
    // Both processes are past their start: the restarted one is waiting on the pipe.
    await sleep(1000);
    command.kill(signal);
    const [code, exitSignal] = await once(command, "exit");
    assert.deepEqual([code, exitSignal], [null, signal]);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; processes().some((p) => alive(p.pid)) && waited < 5000; waited += 50)
      await sleep(50);
    const left = processes().filter((p) => alive(p.pid));
    // A process left behind would wait on the pipe forever.
    for (const { pid } of left) process.kill(pid, "SIGKILL");
    assert.deepEqual(left, []);
  });
}
