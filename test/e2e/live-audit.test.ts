import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Report } from "../../core/engine/report/schema.js";
import { readCredentialReport } from "../../core/engine/snapshot/index.js";
import { CLI_RETRY_ENV, type MotoServer, startMoto } from "../helpers/moto.js";
import { repoRoot } from "../helpers/paths.js";
import { assertValidReport } from "../helpers/report-schema.js";
import { seedMotoFromGaad } from "../helpers/seed-moto.js";

const run = promisify(execFile);
const demo = join(repoRoot, "demo", "account");
const BUCKET = "whittle-demo-trail";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * The whole product against a real (emulated) AWS: the demo account's users, roles and policies
 * created through the IAM API, its CloudTrail files in a trail bucket, and `whittle audit` reading
 * both through --endpoint-url, as a security engineer would run it against an account.
 */
describe("whittle audit against moto_server seeded with the demo account", () => {
  let moto: MotoServer;
  let report: Report;
  let stderr: string;
  const out = mkdtempSync(join(tmpdir(), "whittle-live-"));
  const uploaded: string[] = [];

  before(async () => {
    moto = await startMoto();
    const gaad = JSON.parse(readFileSync(join(demo, "gaad.json"), "utf8"));
    const credentials = Object.values(
      readCredentialReport(readFileSync(join(demo, "credential-report.csv"), "utf8")).credentials,
    );
    await seedMotoFromGaad(moto.clients, gaad, {
      loginProfiles: credentials.filter((c) => c.password.enabled).map((c) => c.userName),
      accessKeys: Object.fromEntries(credentials.map((c) => [c.userName, c.accessKeys.length])),
    });
    await moto.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const trail = join(demo, "cloudtrail");
    const all = files(trail);
    for (let i = 0; i < all.length; i += 32) {
      await Promise.all(
        all.slice(i, i + 32).map(async (file) => {
          const key = relative(trail, file);
          await moto.clients.s3.send(
            new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: readFileSync(file) }),
          );
          uploaded.push(key);
        }),
      );
    }
    const manifest = JSON.parse(readFileSync(join(demo, "manifest.json"), "utf8")) as { now: string };
    const args = ["bin/whittle.js", "audit", "--endpoint-url", moto.endpoint, "--region", "us-east-1"];
    args.push(
      "--cloudtrail-s3",
      `s3://${BUCKET}`,
      "--now",
      manifest.now,
      "--config",
      join(demo, "config.json"),
    );
    args.push("--out", out, "--format", "json", "--quiet");
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_PROFILE: "",
      ...CLI_RETRY_ENV,
    };
    const result = await run(process.execPath, args, { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 });
    report = JSON.parse(result.stdout);
    stderr = result.stderr;
  });
  after(async () => {
    rmSync(out, { recursive: true, force: true });
    await moto?.stop();
  });

  test("the report is contract-conformant and describes the live account", () => {
    assertValidReport(report);
    assert.equal(report.accountId, "123456789012");
    assert.match(report.sources.snapshot, /live account via http:\/\/127\.0\.0\.1:\d+/);
    assert.deepEqual(report.sources.activity.length, 1);
    assert.equal(report.summary.principals, 40);
  });

  test("every trail record in the window is read from the bucket", () => {
    assert.ok(uploaded.length > 1000);
    assert.equal(report.activity.events, 8489);
    assert.deepEqual(report.activity.unmapped, []);
  });

  test("the planted permission and trust problems are found through the IAM API", () => {
    const has = (kind: string, name: string) =>
      report.findings.some((f) => f.kind === kind && f.principalArn?.endsWith(name) && !f.suppressed);
    assert.ok(has("admin-access", ":role/legacy-admin"));
    assert.ok(has("privilege-escalation", ":role/ci/ci-deployer"));
    assert.ok(has("trust-any-principal", ":role/open-trust-reader"));
    assert.ok(has("trust-oidc-no-subject", ":role/ci/github-actions-site-deploy"));
    assert.ok(has("trust-cross-account-no-external-id", ":role/vendor-monitoring"));
    assert.ok(has("service-wildcard", ":role/app-backend"));
    assert.ok(has("inline-policy", ":role/service-role/etl-glue-job"));
  });

  // The emulator has no trail: what the bucket's trail logs (which management events of either
  // side, which data events) is unknown, so its silence calls nothing unused, and the report says so.
  test("no trail visible from the account is said, and the files' trail is counted on for nothing", () => {
    assert.match(stderr, /no trail is visible from the account/);
    assert.ok(
      report.sources.problems?.some(
        (p) => p.code === "trail-not-logging" && /event selectors/.test(p.message),
      ),
    );
  });

  // The emulator's account is collected today, after the demo's window (`--now` of the demo's
  // manifest): a policy attached since cannot be told from one held all window, so the live run
  // makes no recommendation and calls no held permission unused, and says why.
  test("a live snapshot collected after the window makes no recommendation, and says why", () => {
    assert.deepEqual(report.recommendations, []);
    const unproven = report.findings.find(
      (f) => f.kind === "recommendation-unproven" && f.principalArn?.endsWith(":role/app-backend"),
    );
    assert.match(unproven?.detail ?? "", /collected \S+, after the window ends/);
    assert.deepEqual(
      report.findings.filter((f) => f.kind === "unused-action" || f.kind === "unused-service"),
      [],
    );
    assert.ok(!existsSync(join(out, "policies")) || readdirSync(join(out, "policies")).length === 0);
  });

  test("what the emulator cannot answer is a recorded warning, not a failed run", () => {
    assert.ok(
      report.sources.warnings.some((w) => /last.accessed/i.test(w)),
      report.sources.warnings.join("\n"),
    );
  });
});
