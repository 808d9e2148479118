import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { realData, repoRoot } from "../helpers/paths.js";

const whittle = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/whittle.js", "audit", ...args], { cwd: repoRoot, encoding: "utf8" });

/**
 * A real GAAD plus one unattached customer managed policy whose condition value is an array nested
 * 20,000 deep: JSON.parse reads it, JSON.stringify overflows the stack. The audit records that
 * the document could not be linted, on that policy, and still writes its report.
 */
function gaadWithDeepDocument(): string {
  const gaad = JSON.parse(
    readFileSync(realData("cloudmapper-demo", "iam-get-account-authorization-details.json"), "utf8"),
  );
  const document = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:x": "DEEP" } },
      },
    ],
  };
  gaad.Policies.push({
    PolicyName: "deep",
    PolicyId: "ANPADEEPDEEPDEEPDEEP1",
    Arn: "arn:aws:iam::123456789012:policy/deep",
    Path: "/",
    DefaultVersionId: "v1",
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: "2019-01-01T00:00:00Z",
    UpdateDate: "2019-01-01T00:00:00Z",
    PolicyVersionList: [
      { Document: document, VersionId: "v1", IsDefaultVersion: true, CreateDate: "2019-01-01T00:00:00Z" },
    ],
  });
  const depth = 20_000;
  const dir = mkdtempSync(join(tmpdir(), "whittle-deep-"));
  const file = join(dir, "gaad.json");
  writeFileSync(file, JSON.stringify(gaad).replace('"DEEP"', `${"[".repeat(depth)}"x"${"]".repeat(depth)}`));
  return file;
}

test("a document too deeply nested to write as JSON fails its own lint, not the audit", () => {
  const result = whittle(
    "--snapshot",
    gaadWithDeepDocument(),
    "--now",
    "2019-12-01T00:00:00Z",
    "--quiet",
    "--format",
    "json",
  );
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.ok(report.findings.length > 0);
  // The failure is on record, on the policy that could not be linted.
  const deep = report.findings.find(
    (f: { kind: string; policySource?: string }) =>
      f.kind === "policy-invalid" && f.policySource === "arn:aws:iam::123456789012:policy/deep",
  );
  assert.equal(deep?.evidence.problems[0].code, "check-failed", JSON.stringify(report.sources.warnings));
});
