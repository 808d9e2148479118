import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { realData, repoRoot } from "../helpers/paths.js";
import { assertValidReport } from "../helpers/report-schema.js";

const offline = [
  "--snapshot",
  realData("cloudmapper-demo", "iam-get-account-authorization-details.json"),
  "--credential-report",
  realData("cloudmapper-demo", "iam-get-credential-report.json"),
  "--now",
  "2019-12-01T00:00:00Z",
  "--quiet",
];
const whittle = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/whittle.js", "audit", ...args], { cwd: repoRoot, encoding: "utf8" });

test("an offline audit prints the report as JSON and exits 0", () => {
  const result = whittle(...offline, "--format", "json");
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assertValidReport(report);
  assert.doesNotMatch(result.stdout, /end of life/);
  // The contract: generatedAt = --now, written as given.
  assert.equal(report.generatedAt, "2019-12-01T00:00:00Z");
});

test("an audit without --now is generated at a whole second, written as the contract writes times", () => {
  const result = whittle(
    ...offline.filter((a) => a !== "--now" && a !== "2019-12-01T00:00:00Z"),
    "--format",
    "json",
  );
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.match(report.generatedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(report.window.end, new Date(report.generatedAt).toISOString());
});

test("--fail-on exits 3 when an open finding is that severe", () => {
  const result = whittle(...offline, "--fail-on", "critical");
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stdout, /critical/);
});

test("an invalid configuration file exits 2 naming the file and the key", () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-config-"));
  const config = join(dir, "whittle.yaml");
  writeFileSync(config, "identity:\n  unusedPasswordDay: 30\n");
  const result = whittle(...offline, "--config", config);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /whittle\.yaml: identity: .*unusedPasswordDay/);
  assert.equal(
    result.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.includes("end of life")).length,
    1,
  );
});

test("a configuration file that is not YAML exits 2 with one line saying where it breaks", () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-config-"));
  const config = join(dir, "whittle.yaml");
  writeFileSync(config, "identity:\n  unusedPasswordDays: [45\n");
  const result = whittle(...offline, "--config", config);
  assert.equal(result.status, 2);
  const lines = result.stderr
    .trim()
    .split("\n")
    .filter((l) => !l.includes("end of life"));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /whittle\.yaml: not valid YAML or JSON: .* at line \d+, column \d+$/);
});

test("a malformed --now is a usage error, and --help shows examples", () => {
  const bad = whittle(...offline, "--now", "yesterday");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--now must be an ISO 8601 date/);
  const help = whittle("--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--cloudtrail-s3 <url>/);
  assert.match(help.stdout, /Exit codes: 0 done, 3 --fail-on met/);
});

test("a failing audit removes the --out folder it made, and keeps one the user had with its files", () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-failed-out-"));
  const truncated = join(dir, "gaad.json");
  writeFileSync(truncated, '{"UserDetailList": [');
  const made = join(dir, "new", "report");
  const failed = whittle("--snapshot", truncated, "--quiet", "--out", made);
  assert.equal(failed.status, 2, failed.stderr);
  assert.match(failed.stderr, /truncated JSON/);
  assert.deepEqual(readdirSync(dir), ["gaad.json"]);

  const had = join(dir, "had");
  mkdirSync(had);
  writeFileSync(join(had, "notes.txt"), "mine");
  assert.equal(whittle("--snapshot", truncated, "--quiet", "--out", had).status, 2);
  assert.deepEqual(readdirSync(had), ["notes.txt"]);
});

test("an audit into an earlier report's folder warns of policy files it did not write, and removes those its last run listed", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-earlier-out-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // As an older version left it: a policy file and no list of the files it wrote.
  mkdirSync(join(dir, "policies"));
  writeFileSync(join(dir, "policies", "whittle-role-old.json"), "{}");
  const first = whittle(...offline, "--out", dir);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /holds 1 policies\/\*\.json file\(s\) this run did not write/);
  assert.ok(existsSync(join(dir, "policies", "whittle-role-old.json")));

  // A file the last run's list names and this run does not write goes; the unlisted one stays.
  const manifest = join(dir, ".whittle-files.json");
  const listed = JSON.parse(readFileSync(manifest, "utf8"));
  listed.files.push("policies/whittle-role-gone.json");
  writeFileSync(manifest, JSON.stringify(listed));
  writeFileSync(join(dir, "policies", "whittle-role-gone.json"), "{}");
  const second = whittle(...offline, "--out", dir);
  assert.equal(second.status, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /did not write/);
  assert.ok(!existsSync(join(dir, "policies", "whittle-role-gone.json")));
  assert.ok(existsSync(join(dir, "policies", "whittle-role-old.json")));
});
