import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI_RETRY_ENV } from "../helpers/moto.js";
import { repoRoot } from "../helpers/paths.js";

// A closed port: a flag checked only once AWS is reached would fail there, a runtime failure (exit 1).
const unreachable = ["--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1", "--quiet"];
const { AWS_PROFILE: _profile, ...inherited } = process.env;
const env = { ...inherited, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", ...CLI_RETRY_ENV };
const whittle = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/whittle.js", ...args], { cwd: repoRoot, encoding: "utf8", env });
const dir = mkdtempSync(join(tmpdir(), "whittle-activity-flags-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("an --athena-table that is not DATABASE.TABLE is a usage error (exit 2) before any AWS call", () => {
  for (const table of ["cloudtrail_logs", "db.logs;drop", "a.b.c"]) {
    const run = whittle(
      "audit",
      "--snapshot",
      "demo/account/gaad.json",
      "--athena-table",
      table,
      "--athena-output",
      "s3://whittle-athena-results/q",
      ...unreachable,
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /--athena-table must be DATABASE\.TABLE/, table);
    assert.doesNotMatch(run.stderr, /ECONNREFUSED/, table);
  }
});

test("with --org, a malformed activity flag is a usage error (exit 2) before the organization is read", () => {
  for (const flags of [
    ["--cloudtrail-s3", "not-a-bucket-url"],
    ["--athena-table", "cloudtrail_logs", "--athena-output", "s3://whittle-athena-results/q"],
    ["--athena-table", "db.logs"],
    ["--lookup-events", "--lookup-regions", "mars-north-1a"],
  ]) {
    const run = whittle("audit", "--org", "--out", join(dir, "org"), ...flags, ...unreachable);
    assert.equal(run.status, 2, `${flags.join(" ")}: ${run.stderr}`);
    assert.match(
      run.stderr,
      /^whittle: --(cloudtrail-s3|athena-table|athena-output|lookup-regions)/m,
      flags.join(" "),
    );
    assert.doesNotMatch(run.stderr, /ECONNREFUSED/, flags.join(" "));
  }
});

test("a malformed s3:// --backup is a usage error (exit 2) for apply --yes and rollback, before any AWS call", () => {
  const report = join(dir, "report.json");
  const demo = whittle("demo", "--out", dir, "--now", "2026-11-22T00:00:00Z", "--quiet", "--format", "json");
  assert.equal(demo.status, 0, demo.stderr);
  const planId = (JSON.parse(demo.stdout) as { plans: { id: string }[] }).plans[0]!.id;
  for (const backup of ["s3://Bad_Bucket/changes", "s3://b", "s3:/whittle-changes"]) {
    for (const args of [
      ["apply", planId, "--report", report, "--yes", "--backup", backup],
      ["rollback", `${planId}-20261122T000000Z`, "--backup", backup],
    ]) {
      const run = whittle(...args, ...unreachable.slice(0, 4));
      assert.equal(run.status, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, /--backup must be s3:\/\/bucket\[\/prefix\]/, args.join(" "));
      assert.doesNotMatch(run.stderr, /ECONNREFUSED/, args.join(" "));
    }
  }
});

test("with --org, a missing or malformed --event-selectors file is an input error (exit 2) before the organization is read", () => {
  for (const file of [join(dir, "missing.json"), "demo/account/gaad.json"]) {
    const run = whittle(
      "audit",
      "--org",
      "--out",
      join(dir, "org"),
      "--event-selectors",
      file,
      ...unreachable,
    );
    assert.equal(run.status, 2, `${file}: ${run.stderr}`);
    assert.match(run.stderr, /(missing|gaad)\.json/, file);
    assert.doesNotMatch(run.stderr, /ECONNREFUSED/, file);
  }
});
