import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeReportFiles } from "../../core/node/report-files.js";
import { reportFixture } from "../fixtures/report-fixture.js";
import { arn, managed, planFor, S3_ALL, used } from "../helpers/plan-fixture.js";
import { role, snapshotWith } from "../helpers/snapshot-fixture.js";

// IAM allows 128 characters in a policy name; a saved snapshot may hold any. A shared policy's plan
// writes its new version under the policy's own name, past the 255 bytes a file name may have.
const LONG = "p".repeat(300);
const names = [`${LONG}-a`, `${LONG}-b`];

function longNamedPlans() {
  const policies = names.map((name) => managed(name, S3_ALL));
  const snapshot = snapshotWith({
    // Two roles share each policy: its plan narrows it to what both were seen doing.
    roles: policies.flatMap((p, i) =>
      ["app", "batch"].map((r) => role(`${r}${i}`, { attachedPolicyArns: [p.arn] })),
    ),
    managedPolicies: Object.fromEntries(policies.map((p) => [p.arn, p])),
  });
  const { plans } = planFor(
    snapshot,
    Object.fromEntries(
      [0, 1].flatMap((i) => [
        [arn("role", `app${i}`), [used("s3:GetObject", "arn:aws:s3:::a/x")]],
        [arn("role", `batch${i}`), [used("s3:PutObject", `arn:aws:s3:::b${i}/y`)]],
      ]),
    ),
  );
  const shared = plans.filter((p) => p.target.type === "policy");
  assert.deepEqual(shared.flatMap((p) => p.create.map((c) => c.name)).sort(), names);
  return shared;
}

test("a policy document whose name is too long for a file name is written under a shortened name, each its own, with a warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-long-names-"));
  try {
    const report = reportFixture();
    const plans = longNamedPlans();
    report.plans = [...report.plans, ...plans];
    const written = await writeReportFiles(dir, report);
    const files = readdirSync(join(dir, "policies"));
    const long = files.filter((f) => f.startsWith("ppp"));
    assert.equal(long.length, 2, files.join(" "));
    for (const file of long) assert.ok(Buffer.byteLength(file) <= 255, file);
    // Each document is in its own file, none lost.
    const documents = long.map((f) => JSON.parse(readFileSync(join(dir, "policies", f), "utf8")) as unknown);
    assert.deepEqual(
      new Set(documents.map((d) => JSON.stringify(d))),
      new Set(plans.map((p) => JSON.stringify(p.create[0]!.document))),
    );
    assert.equal(written.warnings.length, 1, written.warnings.join("\n"));
    assert.match(written.warnings[0]!, /2 policy document\(s\) named past 200 characters .*policies\/ppp/);
    // The same report, written again, gives the same names.
    const again = await writeReportFiles(dir, report);
    assert.deepEqual(again.files, written.files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
