import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import type { Report } from "../../core/engine/report/schema.js";
import { repoRoot } from "../helpers/paths.js";
import { assertValidReport } from "../helpers/report-schema.js";

const run = promisify(execFile);
const manifest = JSON.parse(readFileSync(join(repoRoot, "demo", "account", "manifest.json"), "utf8")) as {
  now: string;
  planted: { kind: string; principalArn: string; why: string }[];
  healthy: { principalArn: string; why: string }[];
};

describe("whittle demo: the bundled account's full audit", () => {
  const out = mkdtempSync(join(tmpdir(), "whittle-demo-"));
  let report: Report;
  let stdout: string;
  before(async () => {
    const result = await run(process.execPath, ["bin/whittle.js", "demo", "--out", out, "--quiet"], {
      cwd: repoRoot,
    });
    stdout = result.stdout;
    report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test("writes a contract-conformant report.json, report.html, report.md and one file per policy", () => {
    assertValidReport(report);
    for (const file of ["report.json", "report.html", "report.md"])
      assert.ok(existsSync(join(out, file)), file);
    const policies = readdirSync(join(out, "policies")).sort();
    const documents = [
      ...report.recommendations.flatMap((r) => r.policies),
      ...report.plans.flatMap((p) => p.create),
    ];
    const names = [...new Set(documents.map((p) => `${p.name}.json`))].sort();
    assert.deepEqual(policies, names);
    assert.match(stdout, /Whittle audit of account 123456789012/);
  });

  test("each group plan's document has its file, as the plan creates it", () => {
    const groups = report.plans.filter((p) => p.target.type === "group");
    assert.equal(groups.length, 4);
    for (const plan of groups) {
      for (const policy of plan.create) {
        assert.match(policy.name, /^whittle-group-/);
        const file = join(out, "policies", `${policy.name}.json`);
        assert.ok(existsSync(file), file);
        assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), policy.document);
      }
    }
  });

  test("no principal, group or not, is used without a last use", () => {
    const groups = report.principals.filter((p) => p.type === "group");
    assert.ok(groups.some((p) => p.usage === "used"));
    assert.deepEqual(
      report.principals.filter((p) => p.usage === "used" && p.lastUsed === null).map((p) => p.arn),
      [],
    );
  });

  test("is reproducible: generated at the demo's fixed now", () => {
    assert.equal(report.generatedAt, manifest.now);
    assert.equal(report.window.days, 90);
  });

  for (const planted of manifest.planted) {
    test(`finds the planted ${planted.kind} on ${planted.principalArn.split(":").pop()}, with evidence`, () => {
      const found = report.findings.find(
        (f) => f.kind === planted.kind && f.principalArn === planted.principalArn,
      );
      assert.ok(found, `${planted.kind} on ${planted.principalArn} (${planted.why})`);
      assert.equal(found.suppressed, undefined);
      assert.ok(Object.keys(found.evidence).length > 0, "evidence");
      assert.ok(found.remediation.length > 0, "remediation");
    });
  }

  test("raises nothing on the principals built to be healthy", () => {
    for (const healthy of manifest.healthy) {
      const open = report.findings.filter((f) => f.principalArn === healthy.principalArn && !f.suppressed);
      assert.deepEqual(
        open.map((f) => `${f.kind}: ${f.title}`),
        [],
        healthy.principalArn,
      );
    }
  });

  test("every recommendation is proven within current permissions and covering what was observed", () => {
    assert.ok(report.recommendations.length >= 10);
    for (const r of report.recommendations)
      assert.deepEqual(r.checks, { withinCurrent: true, coversObserved: true }, r.principalArn);
    assert.equal(report.findings.filter((f) => f.kind === "recommendation-unproven").length, 0);
  });

  test("the app role's recommendation keeps what it used, scoped to what it touched", () => {
    const app = report.recommendations.find((r) => r.principalArn.endsWith(":role/app-backend"));
    assert.ok(app);
    const statements = app.policies.flatMap((p) => p.document.Statement);
    const actions = new Set(statements.flatMap((s) => s.Action ?? []));
    assert.ok(actions.has("s3:GetObject") && actions.has("dynamodb:Query"), [...actions].join(", "));
    assert.equal(
      [...actions].some((a) => a.includes("*")),
      false,
      "no wildcards by default",
    );
    const observed = new Set(app.observedActions);
    for (const s of statements.filter((s) => (s.Action ?? []).some((a) => observed.has(a))))
      assert.equal(s.Resource?.includes("*"), false, `${s.Sid} is scoped`);
    // What the trail cannot show stays as granted today, listed for review; every removal is verified.
    assert.ok(app.unobservableKept.length > 0);
    assert.ok(app.removedCount > 100);
    assert.equal(app.removedUnverified, 0);
    assert.equal(app.removedVerified, app.removedCount);
  });

  test("a user's recommendation says its groups' policies still apply", () => {
    const bob = report.recommendations.find((r) => r.principalArn.endsWith(":user/bob"));
    assert.match(bob?.summary ?? "", /the policies of group developers still apply$/);
  });

  test("hostile names and tags from the account are data in the HTML, never markup", () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.equal(html.includes("<img src=x onerror"), false);
    assert.equal(/<\/script>\s*<script>alert/.test(html), false);
  });
  test("the developers group gets one plan, proven for every member (bob, carol, dave, ivan)", () => {
    const plan = report.plans.find((p) => p.target.type === "group" && p.target.name === "developers");
    assert.ok(plan, "a plan for group developers");
    const members = ["bob", "carol", "dave", "ivan"].map((n) => `arn:aws:iam::123456789012:user/${n}`);
    for (const member of members) {
      const proof = plan.proofs.find((p) => p.principalArn === member);
      assert.ok(proof, `a proof for ${member}`);
      assert.ok(proof.withinCurrent && proof.coversObserved, `${member}: ${proof.violations.join("; ")}`);
      assert.ok(plan.principals.includes(member));
    }
    assert.ok(
      plan.create.length > 0 && plan.detach.length > 0,
      "new policies replace the group's attachments",
    );
    assert.match(plan.iac.terraform, /aws_iam_group_policy_attachments_exclusive/);
    assert.ok(plan.removedCount > 0);
  });

  test("plans come riskiest first, each with a unique id", () => {
    const risk = report.plans.map((p) => p.riskRemoved);
    assert.deepEqual(
      risk,
      [...risk].sort((a, b) => b - a),
    );
    assert.equal(new Set(report.plans.map((p) => p.id)).size, report.plans.length);
  });
});
