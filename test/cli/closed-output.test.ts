import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-closed-output-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs whittle with the reader of one of its outputs gone before it prints, as `whittle … | head`
 * (or `2>&1 | head`) leaves it once head has its lines. Returns the exit code and the other output.
 */
function withReaderGone(
  gone: "stdout" | "stderr",
  ...args: string[]
): Promise<{ code: number | null; other: string }> {
  const child = spawn(process.execPath, ["bin/whittle.js", ...args], { cwd: repoRoot });
  child[gone].destroy();
  let other = "";
  child[gone === "stdout" ? "stderr" : "stdout"].on("data", (chunk) => {
    other += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, other })));
}

function malformedPolicy(): string {
  const bad = join(dir, "malformed.json");
  writeFileSync(bad, '{"Version": "2012-10-17", "Statement": [');
  return bad;
}

/** A snapshot whose one role anyone with AWS credentials may assume: a critical finding. */
function openRoleSnapshot(): string {
  const snapshot = join(dir, "gaad.json");
  writeFileSync(
    snapshot,
    JSON.stringify({
      UserDetailList: [],
      GroupDetailList: [],
      Policies: [],
      RoleDetailList: [
        {
          RoleName: "open",
          RoleId: "AROAEXAMPLEOPEN00001",
          Arn: "arn:aws:iam::111122223333:role/open",
          Path: "/",
          CreateDate: "2026-01-01T00:00:00Z",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
          },
          InstanceProfileList: [],
          RolePolicyList: [],
          AttachedManagedPolicies: [],
          Tags: [],
        },
      ],
    }),
  );
  return snapshot;
}

describe("a reader of standard output that stops early", () => {
  test("`audit --help` into a closed pipe ends with exit 0, not an unhandled EPIPE", async () => {
    const run = await withReaderGone("stdout", "audit", "--help");
    assert.doesNotMatch(run.other, /EPIPE|Unhandled|at .*\.js:\d+/);
    assert.equal(run.code, 0, run.other);
  });

  test("the command's own exit code survives: a malformed policy still exits 2", async () => {
    const run = await withReaderGone("stdout", "validate", malformedPolicy());
    assert.doesNotMatch(run.other, /EPIPE|Unhandled/);
    assert.equal(run.code, 2, run.other);
  });
});

describe("a reader of standard error that stops early", () => {
  test("the command's own exit code survives: a malformed policy still exits 2", async () => {
    const run = await withReaderGone("stderr", "validate", malformedPolicy());
    assert.equal(run.code, 2, run.other);
  });

  test("an audit still writes its reports and ends with its --fail-on exit code", async () => {
    const out = join(dir, "out");
    const run = await withReaderGone(
      "stderr",
      "audit",
      "--snapshot",
      openRoleSnapshot(),
      "--out",
      out,
      "--fail-on",
      "high",
    );
    assert.ok(existsSync(join(out, "report.json")), `no report.json (exit ${run.code}): ${run.other}`);
    assert.equal(run.code, 3, run.other);
  });
});
