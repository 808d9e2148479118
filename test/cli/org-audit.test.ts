import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CloseAccountCommand,
  CreateAccountCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { clientConfig } from "../../core/aws/clients.js";
import { CLI_RETRY_ENV, type MotoServer, startMoto } from "../helpers/moto.js";
import { sandboxOrganization } from "../helpers/organization.js";
import { repoRoot } from "../helpers/paths.js";
import { ADMIN, doc } from "../helpers/policies.js";
import { assertValidReport } from "../helpers/report-schema.js";

let moto: MotoServer;
let organizations: OrganizationsClient;
const accounts = { management: "", sandbox: "", production: "" };

/** IAM of a member account, reached as moto reaches it: through an assumed role there. */
async function iamOf(accountId: string): Promise<IAMClient> {
  const session = await moto.clients.sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "seed",
    }),
  );
  const c = session.Credentials!;
  return new IAMClient(
    clientConfig({
      ...moto.connection,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    }),
  );
}

async function role(iam: IAMClient, name: string, trust: object, policy: object) {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: "inline",
      PolicyDocument: JSON.stringify(policy),
    }),
  );
}

const trusting = (principal: string) =>
  doc({ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" });

/**
 * An organization of three accounts: the management account; "sandbox" in an OU whose SCP denies
 * iam:*, with an administrator role and a CI role that may assume roles anywhere; "production"
 * under the root, whose Deploy role is an administrator trusting sandbox's CI role.
 */
before(async () => {
  moto = await startMoto();
  organizations = new OrganizationsClient(clientConfig(moto.connection));
  const org = await sandboxOrganization(organizations, ["sandbox", "production"]);
  accounts.management = org.management;
  accounts.sandbox = org.members.sandbox ?? "";
  accounts.production = org.members.production ?? "";

  for (const id of [accounts.sandbox, accounts.production]) {
    await role(
      await iamOf(id),
      "WhittleAuditReadOnly",
      trusting(`arn:aws:iam::${accounts.management}:root`),
      doc({ Effect: "Allow", Action: "iam:Get*", Resource: "*" }),
    );
  }
  const sandbox = await iamOf(accounts.sandbox);
  await role(sandbox, "Admin", trusting(`arn:aws:iam::${accounts.sandbox}:root`), ADMIN);
  await role(
    sandbox,
    "CI",
    trusting(`arn:aws:iam::${accounts.sandbox}:root`),
    doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }),
  );
  await role(
    await iamOf(accounts.production),
    "Deploy",
    trusting(`arn:aws:iam::${accounts.sandbox}:role/CI`),
    ADMIN,
  );
});
after(() => moto.stop());

function whittle(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["bin/whittle.js", "audit", "--org", "--endpoint-url", moto.endpoint, "--region", "us-east-1", ...args],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_PROFILE: "",
        ...CLI_RETRY_ENV,
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

test("whittle audit --org audits every account through its member role and rolls them up", async () => {
  const out = mkdtempSync(join(tmpdir(), "whittle-org-"));
  const result = await whittle("--out", out, "--now", "2026-11-22T00:00:00Z", "--quiet", "--format", "json");
  assert.equal(result.status, 0, result.stderr);
  const rollup = JSON.parse(result.stdout);
  assert.deepEqual(read(join(out, "org-report.json")), rollup);
  for (const name of ["org-report.html", "org-report.md"]) assert.ok(existsSync(join(out, name)), name);

  assert.deepEqual(
    rollup.accounts.map((a: { accountId: string; status: string }) => [a.accountId, a.status]),
    Object.values(accounts)
      .sort()
      .map((id) => [id, "audited"]),
  );
  assert.equal(rollup.managementAccountId, accounts.management);
  assert.equal(rollup.generatedAt, "2026-11-22T00:00:00Z");
  for (const id of Object.values(accounts)) {
    const report = read(join(out, id, "report.json"));
    assertValidReport(report);
    assert.equal(report.accountId, id);
    assert.equal(report.generatedAt, "2026-11-22T00:00:00Z");
    for (const name of ["report.html", "report.md"])
      assert.ok(existsSync(join(out, id, name)), `${id}/${name}`);
  }

  const sandbox = read(join(out, accounts.sandbox, "report.json"));
  const admin = sandbox.findings.find(
    (f: { kind: string; principalArn?: string }) =>
      f.kind === "admin-access" && f.principalArn === `arn:aws:iam::${accounts.sandbox}:role/Admin`,
  );
  assert.equal(admin?.severity, "high");
  assert.match(admin.title, /limited by service control policies/);
  assert.match(admin.detail, /DenyIam|services: iam/);
  const production = read(join(out, accounts.production, "report.json"));
  const deploy = production.findings.find(
    (f: { kind: string; principalArn?: string }) =>
      f.kind === "admin-access" && f.principalArn?.endsWith("role/Deploy"),
  );
  assert.equal(deploy?.severity, "critical", "outside the OU the SCP does not limit it");

  const path = rollup.crossAccountPaths.find(
    (p: { id: string }) =>
      p.id === `arn:aws:iam::${accounts.sandbox}:role/CI -> arn:aws:iam::${accounts.production}:role/Deploy`,
  );
  assert.ok(path, JSON.stringify(rollup.crossAccountPaths, null, 2));
  assert.deepEqual(path.reaches, { admin: "certain" });
  assert.equal(path.via, "named");
  assert.equal(path.severity, "high");
  assert.equal(rollup.summary.crossAccountPaths, rollup.crossAccountPaths.length);
  // moto refuses iam.amazonaws.com as a delegated administrator's service: the rollup says so.
  assert.ok(
    rollup.warnings.some((w: string) =>
      /^IAM's delegated administrator is unknown \(InvalidInputException: .*unrecognized service principal/.test(
        w,
      ),
    ),
    JSON.stringify(rollup.warnings),
  );
  // moto does not implement DescribeResourcePolicy: who else may rewrite SCPs is unknown, and said.
  assert.ok(
    rollup.warnings.some((w: string) =>
      /^AWS Organizations' delegation policy is unknown \(SyntaxError: /.test(w),
    ),
    JSON.stringify(rollup.warnings),
  );
  assert.match(readFileSync(join(out, "org-report.md"), "utf8"), /CI \\\(\d{12}\\\) can assume Deploy/);
});

test("an account that cannot be audited is in the rollup as failed with the reason, and the run exits 1", async () => {
  const closed = await organizations.send(
    new CreateAccountCommand({ AccountName: "closed", Email: "closed@example.com" }),
  );
  const closedId = closed.CreateAccountStatus?.AccountId ?? "";
  await organizations.send(new CloseAccountCommand({ AccountId: closedId }));
  const out = mkdtempSync(join(tmpdir(), "whittle-org-"));
  const result = await whittle(
    "--out",
    out,
    "--now",
    "2026-11-22T00:00:00Z",
    "--member-role",
    "WhittleAuditReadOnly",
  );
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /1 of 4 accounts could not be audited/);
  assert.match(result.stdout, new RegExp(`${closedId} .*FAILED: the account is SUSPENDED`));
  assert.match(
    result.stdout,
    new RegExp(
      `Warnings:\\n(?:  .*\\n)*  ${closedId}: not audited, so cross-account paths from or into it are not known`,
    ),
    "the table says what its counts leave out",
  );
  const rollup = read(join(out, "org-report.json"));
  const row = rollup.accounts.find((a: { accountId: string }) => a.accountId === closedId);
  assert.deepEqual(
    { status: row.status, reason: row.reason },
    { status: "failed", reason: "the account is SUSPENDED, not ACTIVE" },
  );
  assert.equal(rollup.summary.audited, 3);
  assert.ok(!existsSync(join(out, closedId)), "no report for an account not audited");

  // Sandbox's Admin role is a critical finding, but the run is not done: a failure, not a gate met.
  assert.ok(rollup.summary.findings.critical > 0);
  const gated = await whittle(
    "--out",
    out,
    "--now",
    "2026-11-22T00:00:00Z",
    "--fail-on",
    "critical",
    "--quiet",
  );
  assert.equal(gated.status, 1, gated.stderr);
});

test("a folder of --out holding an earlier run's report of an account not in the organization is named in the warnings, not linked", async () => {
  const out = mkdtempSync(join(tmpdir(), "whittle-org-"));
  const gone = "000000000042";
  mkdirSync(join(out, gone));
  writeFileSync(join(out, gone, "report.json"), JSON.stringify({ schemaVersion: 1, accountId: gone }));
  writeFileSync(join(out, gone, "report.html"), "<p>an earlier report</p>");
  const result = await whittle("--out", out, "--now", "2026-11-22T00:00:00Z", "--quiet");
  const warning = `${gone}: ${join(out, gone)} holds an earlier run's report of an account that is not in the organization now; this run did not audit it`;
  assert.ok(result.stdout.includes(`  ${warning}\n`), result.stdout);
  assert.ok(read(join(out, "org-report.json")).warnings.includes(warning));
  assert.ok(readFileSync(join(out, "org-report.md"), "utf8").includes(gone));
  assert.ok(!readFileSync(join(out, "org-report.html"), "utf8").includes(`href="${gone}/`));
  assert.equal(
    readFileSync(join(out, gone, "report.html"), "utf8"),
    "<p>an earlier report</p>",
    "left in place",
  );
});

test("with --quiet, an account folder's policy files the run did not write are still warned of", async () => {
  const out = mkdtempSync(join(tmpdir(), "whittle-org-"));
  // As a version that kept no file list left it.
  mkdirSync(join(out, accounts.production, "policies"), { recursive: true });
  writeFileSync(join(out, accounts.production, "policies", "whittle-role-Old.json"), "{}");
  // Exit 1 after the earlier test closed an account; the warning is what matters here.
  const result = await whittle("--out", out, "--now", "2026-11-22T00:00:00Z", "--quiet");
  assert.match(
    result.stderr,
    new RegExp(
      `whittle: account ${accounts.production}: .*${accounts.production} holds 1 policies/\\*\\.json file\\(s\\) this run did not write`,
    ),
  );
  assert.ok(existsSync(join(out, accounts.production, "policies", "whittle-role-Old.json")), "left in place");
});

test("--org refuses offline input and needs --out", async () => {
  const noOut = await whittle();
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /--org writes one report per account: give --out DIR/);
  const offline = await whittle("--out", "x", "--snapshot", "gaad.json");
  assert.equal(offline.status, 2);
  assert.match(offline.stderr, /--snapshot is offline input for one account/);
});
