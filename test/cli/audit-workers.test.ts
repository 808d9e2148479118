import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { trailChange } from "../../core/engine/activity/trail-changes.js";
import type { CloudTrailEvent } from "../../core/engine/activity/types.js";
import { realData, repoRoot } from "../helpers/paths.js";

// Panther's real CloudTrail records, one delivery file each (several ingest chunks), in a trail's
// folder layout over one week (each record moved to a day of it, so that every day has logs and
// the coverage is whole); an account holding the identities they show, each allowed every service
// they call, so that every record weighs on a recommendation. A low resource bound makes the
// merging of chunks matter.
const ACCOUNT = "123456789012";
type Raw = Record<string, unknown>;
const panther = realData("cloudtrail", "panther", "panther-cloudtrail-records.json");
// Records an ingest would warn about, and a trail's own stops and changes, leave the window
// uncovered, and then nothing is recommended.
const records = (JSON.parse(readFileSync(panther, "utf8")) as { Records: Raw[] }).Records.filter(
  (r) =>
    ["eventTime", "eventSource", "eventName"].every(
      (f) => typeof r[f] === "string" && /^\d{4}-/.test(String(r.eventTime)),
    ) && !trailChange(r as unknown as CloudTrailEvent),
);
// Every service the records call, wholly (`*` alone would make every report list every action).
const services = [...new Set(records.map((r) => String(r.eventSource).split(".")[0]))];
const admin = [
  {
    PolicyName: "all",
    PolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: services.map((s) => `${s}:*`), Resource: "*" }],
    },
  },
];
const trust = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
  ],
};

function fixture() {
  const dir = mkdtempSync(join(tmpdir(), "whittle-workers-"));
  const trail = join(dir, "AWSLogs");
  for (const [i, record] of records.entries()) {
    const day = `0${1 + (i % 7)}`;
    const folder = join(trail, ACCOUNT, "CloudTrail", "us-east-1", "2024", "01", day);
    mkdirSync(folder, { recursive: true });
    const moved = { ...record, eventTime: `2024-01-${day}T${String(record.eventTime).slice(11, 19)}Z` };
    writeFileSync(
      join(folder, `${ACCOUNT}_CloudTrail_us-east-1_${String(i).padStart(4, "0")}.json.gz`),
      gzipSync(JSON.stringify({ Records: [moved] })),
    );
  }
  const snapshot = join(dir, "gaad.json");
  writeFileSync(
    snapshot,
    JSON.stringify({
      UserDetailList: ["tester", "developer", "contractor", "Alice", "john.developer"].map((name) => ({
        Path: "/",
        UserName: name,
        UserId: `AIDA${name.toUpperCase().replace(/\W/g, "")}0000`,
        Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
        CreateDate: "2015-01-01T00:00:00Z",
        UserPolicyList: admin,
      })),
      RoleDetailList: ["tester", "example-role", "Admin", "OtherRole"].map((name) => ({
        Path: "/",
        RoleName: name,
        RoleId: `AROA${name.toUpperCase().replace(/\W/g, "")}0000`,
        Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        CreateDate: "2015-01-01T00:00:00Z",
        AssumeRolePolicyDocument: trust,
        RolePolicyList: admin,
      })),
    }),
  );
  const config = join(dir, "whittle.json");
  writeFileSync(config, JSON.stringify({ activity: { maxResources: 2 } }));
  return { trail, snapshot, config };
}

test("report.json is the same whether 1, 2 or 4 threads read the trail and generate the policies", () => {
  const { trail, snapshot, config } = fixture();
  const reports = ["1", "2", "4"].map((workers) => {
    const result = spawnSync(
      process.execPath,
      [
        "bin/whittle.js",
        "audit",
        ...["--snapshot", snapshot, "--cloudtrail", trail, "--config", config, "--workers", workers],
        ...["--now", "2024-01-08T00:00:00Z", "--days", "7", "--format", "json", "--quiet"],
      ],
      { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 26 },
    );
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  });
  const report = JSON.parse(reports[0]!);
  // The run is not trivial: identities were seen, minimized, and some resources overflowed the bound.
  assert.ok(report.recommendations.length >= 3);
  assert.equal(report.coverage[0].records, records.length);
  assert.equal(report.coverage[0].complete, true);
  assert.ok(report.recommendations.some((r: { observedActions: string[] }) => r.observedActions.length > 5));
  assert.equal(reports[1], reports[0]);
  assert.equal(reports[2], reports[0]);
});

test("--workers takes a whole number from 1 to 64", () => {
  const result = spawnSync(
    process.execPath,
    [
      "bin/whittle.js",
      "audit",
      "--snapshot",
      realData("cloudmapper-demo", "iam-get-account-authorization-details.json"),
      "--workers",
      "0",
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--workers takes a whole number from 1 to 64, not "0"/);
});
