import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Report } from "../../core/engine/report/schema.js";
import { repoRoot } from "../helpers/paths.js";

const ACCOUNT = "123456789012";
const SHARED = `arn:aws:iam::${ACCOUNT}:policy/shared`;
const dir = mkdtempSync(join(tmpdir(), "whittle-plan-policy-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function role(name: string, id: string) {
  return {
    Path: "/",
    RoleName: name,
    RoleId: id,
    Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    CreateDate: "2025-01-01T00:00:00+00:00",
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    },
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [{ PolicyName: "shared", PolicyArn: SHARED }],
    Tags: [],
  };
}

/** One management event of a role's session, as CloudTrail logs it. */
function call(roleName: string, id: string, eventName: string, eventTime: string, awsRegion: string) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `${id}:i-1`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/i-1`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: id,
          arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
          accountId: ACCOUNT,
          userName: roleName,
        },
        attributes: { creationDate: eventTime, mfaAuthenticated: "false" },
      },
    },
    eventTime,
    eventSource: "ec2.amazonaws.com",
    eventName,
    awsRegion,
    sourceIPAddress: "198.51.100.1",
    requestParameters: null,
    responseElements: null,
    requestID: `r-${roleName}`,
    eventID: `e-${roleName}`,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

test("--out writes the new version of a customer managed policy two roles share, as its plan creates it", () => {
  const gaad = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [role("app", "AROAAAAAAAAAAAAAAAAA1"), role("batch", "AROAAAAAAAAAAAAAAAAA2")],
    Policies: [
      {
        PolicyName: "shared",
        PolicyId: "ANPAAAAAAAAAAAAAAAAA1",
        Arn: SHARED,
        Path: "/",
        DefaultVersionId: "v1",
        AttachmentCount: 2,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: "2025-01-01T00:00:00+00:00",
        UpdateDate: "2025-01-01T00:00:00+00:00",
        PolicyVersionList: [
          {
            Document: {
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: [
                    "ec2:DescribeInstances",
                    "ec2:DescribeVolumes",
                    "ec2:DescribeSnapshots",
                    "ec2:TerminateInstances",
                  ],
                  Resource: "*",
                },
              ],
            },
            VersionId: "v1",
            IsDefaultVersion: true,
            CreateDate: "2025-01-01T00:00:00+00:00",
          },
        ],
      },
    ],
  };
  writeFileSync(join(dir, "gaad.json"), JSON.stringify(gaad));
  mkdirSync(join(dir, "trail"));
  writeFileSync(
    join(dir, "trail", "events.json"),
    JSON.stringify({
      Records: [
        call("app", "AROAAAAAAAAAAAAAAAAA1", "DescribeInstances", "2026-11-21T01:00:00Z", "eu-west-1"),
        // The trail's home region and us-east-1 (where IAM and STS calls are recorded) both shown.
        call("batch", "AROAAAAAAAAAAAAAAAAA2", "DescribeVolumes", "2026-11-21T02:00:00Z", "us-east-1"),
      ],
    }),
  );
  const out = join(dir, "out");
  const run = spawnSync(
    process.execPath,
    [
      "bin/whittle.js",
      "audit",
      "--snapshot",
      join(dir, "gaad.json"),
      "--cloudtrail",
      join(dir, "trail"),
      // The demo's trail: every region's management events.
      "--event-selectors",
      "demo/account/trail.json",
      "--event-selectors",
      "demo/account/event-selectors.json",
      "--now",
      "2026-11-22T00:00:00Z",
      "--days",
      "1",
      "--quiet",
      "--out",
      out,
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const plan = report.plans.find((p) => p.target.type === "policy");
  assert.ok(plan, JSON.stringify(report.plans.map((p) => p.target)));
  assert.equal(plan.target.arn, SHARED);
  assert.deepEqual(
    plan.create.map((c) => c.name),
    ["shared"],
  );
  assert.deepEqual(
    JSON.parse(readFileSync(join(out, "policies", "shared.json"), "utf8")),
    plan.create[0]!.document,
  );
  // Every document, a recommendation's or a plan's, has exactly its file.
  const documents = [
    ...report.recommendations.flatMap((r) => r.policies),
    ...report.plans.flatMap((p) => p.create),
  ];
  for (const { name, document } of documents)
    assert.deepEqual(JSON.parse(readFileSync(join(out, "policies", `${name}.json`), "utf8")), document, name);
  assert.deepEqual(
    readdirSync(join(out, "policies")).sort(),
    [...new Set(documents.map((d) => `${d.name}.json`))].sort(),
  );
});
