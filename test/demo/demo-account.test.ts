import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { ActivityAggregator } from "../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../core/engine/activity/documents.js";
import { auditConfig } from "../../core/engine/audit/config.js";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { readSnapshotFiles } from "../../core/node/snapshot-files.js";
import { IAM_DATASET_FILE } from "../../demo/model/managed-policies.js";
import { repoRoot } from "../helpers/paths.js";

const demo = join(repoRoot, "demo", "account");
const manifest = JSON.parse(readFileSync(join(demo, "manifest.json"), "utf8"));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

describe("the committed demo account", () => {
  let fresh: string;
  before(() => {
    fresh = mkdtempSync(join(tmpdir(), "whittle-demo-"));
    execFileSync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "demo", "generate.ts"), "--out", fresh],
      {
        cwd: repoRoot,
      },
    );
  });
  after(() => rmSync(fresh, { recursive: true, force: true }));

  test("is exactly what the seeded generator writes", () => {
    const committed = listFiles(demo);
    assert.deepEqual(committed, listFiles(fresh));
    for (const path of committed) {
      const a = readFileSync(join(demo, path));
      const b = readFileSync(join(fresh, path));
      // Deflate output may differ between zlib builds; the records inside may not.
      if (path.endsWith(".gz")) assert.ok(gunzipSync(a).equals(gunzipSync(b)), `${path} differs`);
      else assert.ok(a.equals(b), `${path} differs`);
    }
  });

  test("reads with the offline snapshot reader, without warnings", async () => {
    const snapshot = await readSnapshotFiles({
      snapshot: join(demo, "gaad.json"),
      credentialReport: join(demo, "credential-report.csv"),
    });
    assert.deepEqual(snapshot.warnings, []);
    assert.equal(snapshot.accountId, manifest.accountId);
    assert.equal(snapshot.users.length, 12);
    assert.equal(snapshot.groups.length, 4);
    assert.equal(snapshot.roles.length, 24);
    assert.equal(snapshot.roles.filter((r) => r.serviceLinked).length, 3);
    assert.equal(Object.keys(snapshot.credentials).length, 12);
  });

  test("names only principals that exist, for every planted problem and healthy principal", async () => {
    const snapshot = await readSnapshotFiles({ snapshot: join(demo, "gaad.json") });
    const arns = new Set([...snapshot.users, ...snapshot.roles, ...snapshot.groups].map((p) => p.arn));
    assert.ok(manifest.planted.length >= 15);
    for (const p of [...manifest.planted, ...manifest.healthy])
      assert.ok(arns.has(p.principalArn), p.principalArn);
  });

  test("ships only the MIT-licensed managed policies, with their notice", () => {
    const notice = readFileSync(join(demo, "NOTICE"), "utf8");
    assert.match(notice, /iann0036\/iam-dataset/);
    assert.match(notice, /MIT License/);
    assert.match(IAM_DATASET_FILE, /\/iam-dataset\/aws-managed-policies-with-flags\.json\.gz$/);
  });

  test("every CloudTrail record maps to catalog actions or an explicit no-permission class", () => {
    const window = { start: manifest.window.start, end: manifest.window.end };
    const aggregator = new ActivityAggregator(loadCatalog(), { window });
    const files = listFiles(join(demo, "cloudtrail"));
    let records = 0;
    for (const path of files) {
      assert.match(
        relative(".", path),
        /^AWSLogs\/123456789012\/CloudTrail\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/123456789012_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
      const items = itemsFromText(
        gunzipSync(readFileSync(join(demo, "cloudtrail", path))).toString("utf8"),
        path,
      );
      for (const item of items) {
        assert.equal(item.kind, "event", `${path}: ${JSON.stringify(item)}`);
        aggregator.add(item);
        records++;
      }
    }
    const result = aggregator.result();
    assert.equal(records, manifest.events);
    assert.equal(result.events, records);
    assert.equal(result.outsideWindow, 0);
    assert.deepEqual(result.unmapped, []);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(
      result.ignored.map((i) => `${i.eventSource} ${i.eventName} ${i.class}`),
      ["signin.amazonaws.com ConsoleLogin non-api"],
    );
  });

  test("keeps the trail small enough to ship", () => {
    const bytes = listFiles(join(demo, "cloudtrail")).reduce(
      (sum, p) => sum + statSync(join(demo, "cloudtrail", p)).size,
      0,
    );
    assert.ok(bytes < 3.5 * 1024 * 1024, `${bytes} bytes`);
  });

  test("comes with a valid audit configuration", () => {
    const config = auditConfig(JSON.parse(readFileSync(join(demo, "config.json"), "utf8")));
    assert.deepEqual(config.activity.loggedDataEvents, ["s3", "lambda", "dynamodb"]);
  });
});
