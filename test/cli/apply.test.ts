import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  type IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { CLI_RETRY_ENV, type MotoServer, startMoto } from "../helpers/moto.js";
import { repoRoot } from "../helpers/paths.js";
import { planFor, S3_ALL, used } from "../helpers/plan-fixture.js";
import { reportWith } from "../helpers/report-fixture.js";

const ACCOUNT = "123456789012";
const TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const NEW = {
  Version: "2012-10-17" as const,
  Statement: [
    { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
  ],
};

let moto: MotoServer;
let dir: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  dir = mkdtempSync(join(tmpdir(), "whittle-apply-cli-"));
  const iam = moto.clients.iam;
  for (const n of [1, 2, 3, 4]) {
    await iam.send(
      new CreatePolicyCommand({ PolicyName: `wide-${n}`, PolicyDocument: JSON.stringify(S3_ALL) }),
    );
    await iam.send(
      new CreateRoleCommand({ RoleName: `app-${n}`, AssumeRolePolicyDocument: JSON.stringify(TRUST) }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: `app-${n}`,
        PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/wide-${n}`,
      }),
    );
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const role = (n: number) => `arn:aws:iam::${ACCOUNT}:role/app-${n}`;
  ({ plans } = planFor(
    snapshot,
    {
      [role(1)]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [role(2)]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [role(3)]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [role(4)]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
    },
    [1, 2, 3, 4].map((n) => ({
      principalArn: role(n),
      policies: [{ name: `whittle-app-${n}`, document: NEW }],
    })),
  ));
  assert.equal(plans.length, 4);
  writeFileSync(join(dir, "report.json"), JSON.stringify({ ...reportWith([], ACCOUNT), plans }));
});
after(async () => {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
});

function whittle(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    ...CLI_RETRY_ENV,
  };
  const child = spawn(process.execPath, ["bin/whittle.js", ...args, "--endpoint-url", moto.endpoint], {
    cwd: repoRoot,
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  // An end-of-life Node's one-line notice (test/cli/node-support.test.ts) is not the command's output.
  const own = () =>
    stderr
      .split("\n")
      .filter((l) => !l.includes("end of life"))
      .join("\n");
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr: own() })));
}

async function roles(): Promise<unknown> {
  const out = await moto.clients.iam.send(
    new GetAccountAuthorizationDetailsCommand({ Filter: ["Role", "LocalManagedPolicy"] }),
  );
  return { roles: out.RoleDetailList, policies: out.Policies };
}

const planOf = (name: string) => plans.find((p) => p.target.name === name)!;
const report = () => join(dir, "report.json");
const backup = () => join(dir, "changes");

test("without --yes, apply prints the plan and changes nothing", async () => {
  const before = await roles();
  const result = await whittle("apply", planOf("app-1").id, "--report", report());
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /detach {9}arn:aws:iam::123456789012:policy\/wide-1/);
  assert.match(result.stdout, /dry run: nothing was changed/);
  assert.deepEqual(await roles(), before);
});

test("apply --yes backs up, applies and prints the change id last; rollback restores it exactly", async () => {
  const before = await roles();
  const applied = await whittle(
    "apply",
    planOf("app-1").id,
    "--report",
    report(),
    "--yes",
    "--backup",
    backup(),
  );
  assert.equal(applied.status, 0, applied.stderr);
  const last = applied.stdout.trimEnd().split("\n").pop()!;
  const changeId = /^change: (\S+)$/.exec(last)?.[1];
  assert.ok(changeId, last);
  assert.ok(existsSync(join(backup(), `${changeId}.json`)));
  assert.notDeepEqual(await roles(), before);
  const rolledBack = await whittle("rollback", changeId, "--backup", backup());
  assert.equal(rolledBack.status, 0, rolledBack.stderr);
  assert.deepEqual(await roles(), before);
});

test("apply --yes exits 4 with one line when the role changed since the audit", async () => {
  await moto.clients.iam.send(
    new PutRolePolicyCommand({
      RoleName: "app-2",
      PolicyName: "extra",
      PolicyDocument: JSON.stringify(S3_ALL),
    }),
  );
  const result = await whittle(
    "apply",
    planOf("app-2").id,
    "--report",
    report(),
    "--yes",
    "--backup",
    backup(),
  );
  assert.equal(result.status, 4, result.stderr);
  assert.equal(result.stderr.trimEnd().split("\n").length, 1);
  assert.match(result.stderr, /the account changed since the audit.*inline policies: extra added/);
});

test("unknown plans and changes are usage errors (exit 2)", async () => {
  assert.equal((await whittle("apply", "plan-nope", "--report", report())).status, 2);
  assert.equal((await whittle("rollback", "change-nope", "--backup", backup())).status, 2);
});

test("apply after an apply cut short between two steps exits 4 naming the exact rollback; that rollback restores, and apply then succeeds", async () => {
  const before = await roles();
  const plan = planOf("app-3");
  // The process dies after its first IAM write: every later write fails, the automatic rollback's too.
  let writes = 0;
  const dying: Pick<IAMClient, "send"> = {
    send: ((command: { constructor: { name: string } }) => {
      if (!/^(Get|List)/.test(command.constructor.name) && ++writes > 1)
        return Promise.reject(new Error("interrupted"));
      return moto.clients.iam.send(command as never);
    }) as IAMClient["send"],
  };
  const changeId = changeIdFor(plan.id, new Date("2026-11-22T00:00:00Z"));
  const store = new LocalBackupStore(backup());
  await assert.rejects(applyPlan(dying, plan, { changeId, now: new Date("2026-11-22T00:00:00Z"), store }));
  assert.equal((await store.read(changeId)).status, "backed-up");
  assert.notDeepEqual(await roles(), before, "IAM holds part of the change");

  const again = await whittle("apply", plan.id, "--report", report(), "--yes", "--backup", backup());
  assert.equal(again.status, 4, again.stderr);
  assert.equal(again.stderr.trimEnd().split("\n").length, 1);
  const command = /undo it with: whittle (rollback \S+ --backup \S+)$/.exec(again.stderr.trimEnd())?.[1];
  assert.equal(command, `rollback ${changeId} --backup ${backup()}`, again.stderr);
  const rolledBack = await whittle(...command.split(" "));
  assert.equal(rolledBack.status, 0, rolledBack.stderr);
  assert.deepEqual(await roles(), before);
  const applied = await whittle("apply", plan.id, "--report", report(), "--yes", "--backup", backup());
  assert.equal(applied.status, 0, applied.stderr);
});

test("apply --yes exits 4 with one line, changing nothing, when its change id already has a backup, and keeps that backup", async () => {
  const before = await roles();
  const plan = planOf("app-4");
  // Another apply of the plan holds this second's change id: placed for every second the run may take.
  const taken = join(dir, "taken");
  mkdirSync(taken);
  const start = Date.now();
  const ids = Array.from({ length: 120 }, (_, s) => changeIdFor(plan.id, new Date(start + s * 1000)));
  for (const id of ids) writeFileSync(join(taken, `${id}.json`), `another apply's backup of ${id}\n`);
  const result = await whittle("apply", plan.id, "--report", report(), "--yes", "--backup", taken);
  assert.equal(result.status, 4, result.stderr);
  assert.equal(result.stderr.trimEnd().split("\n").length, 1);
  assert.match(
    result.stderr,
    /already has a backup in .*another apply of this plan began in the same second/,
  );
  assert.deepEqual(await roles(), before);
  for (const id of ids)
    assert.equal(readFileSync(join(taken, `${id}.json`), "utf8"), `another apply's backup of ${id}\n`);
});

test("apply --help and rollback --help say what a refusal because another run holds the change exits with", async () => {
  const apply = await whittle("apply", "--help");
  assert.equal(apply.status, 0, apply.stderr);
  const help = apply.stdout.replace(/\s+/g, " ");
  // Exit 4 is every refusal that changed nothing, not only an account changed since the audit.
  assert.match(
    help,
    /4 refused, changing nothing: .*the account changed since the audit.*another apply of the plan .* same second.*another apply or rollback of the plan running.*lease expires/,
  );
  const rollback = await whittle("rollback", "--help");
  assert.equal(rollback.status, 0, rollback.stderr);
  assert.match(
    rollback.stdout.replace(/\s+/g, " "),
    /1 failure, or refused.*another apply or rollback of the change or its plan running.*lease expires/,
  );
});
