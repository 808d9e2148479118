import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { PlanDriftError, PlanInputError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import type { Snapshot } from "../../core/engine/snapshot/model.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { EC2_TRUST, motoArn, planFor, S3_ALL, used } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
const GET = used("s3:GetObject", "arn:aws:s3:::a/x");
const mine = {
  Version: "2012-10-17" as const,
  Statement: [
    { Sid: "Read", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
  ],
};
const COPIES = 5;
const USERS = Array.from({ length: COPIES }, (_, i) => `ann-${i + 1}`);
const ROLES = Array.from({ length: COPIES }, (_, i) => `app-${i + 1}`);

let moto: MotoServer;
let backups: string;
let snapshot: Snapshot;
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-drift-"));
  const iam = moto.clients.iam;
  // Users whose group holds an AWS managed policy beside their own; roles under a boundary.
  await iam.send(new CreateGroupCommand({ GroupName: "readers" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "readers", PolicyArn: S3_READ_ONLY }));
  for (const UserName of USERS) {
    await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName }));
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: "all", PolicyDocument: json(S3_ALL) }));
  }
  for (const name of ["fence", "other-fence"])
    await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: json(S3_ALL) }));
  for (const RoleName of ROLES) {
    await iam.send(
      new CreateRoleCommand({
        RoleName,
        AssumeRolePolicyDocument: json(EC2_TRUST),
        PermissionsBoundary: motoArn("policy", "fence"),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "all", PolicyDocument: json(S3_ALL) }));
  }
  // A role holding an AWS managed policy itself, which its plan detaches.
  await iam.send(new CreateRoleCommand({ RoleName: "reader", AssumeRolePolicyDocument: json(EC2_TRUST) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: S3_READ_ONLY }));
  snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

/** The plan of one user or role, from `audited` (the account as the audit saw it). */
function planOf(type: "user" | "role", name: string, audited = snapshot): Plan {
  const principalArn = motoArn(type, name);
  const result = planFor(audited, { [principalArn]: [GET] }, [
    { principalArn, policies: [{ name: `whittle-${name}`, document: mine }] },
  ]);
  assert.deepEqual(
    result.failures.filter((f) => f.targetArn === principalArn),
    [],
  );
  const plan = result.plans.find((p) => p.target.arn === principalArn);
  assert.ok(plan, `a plan for ${principalArn}`);
  return plan;
}

let changes = 0;
const options = () => ({
  changeId: `change-${++changes}`,
  now: new Date("2026-11-22T00:00:00Z"),
  store: new LocalBackupStore(backups),
});

/** Apply refuses `plan` as drift matching `pattern`, and the target is as it was. */
async function assertDrift(plan: Plan, pattern: RegExp): Promise<void> {
  const { type, name } = plan.target as { type: "user" | "role"; name: string };
  const live = await readPrincipal(moto.clients.iam, type, name);
  await assert.rejects(applyPlan(moto.clients.iam, plan, options()), (error: unknown) => {
    assert.ok(error instanceof PlanDriftError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
  assert.deepEqual(await readPrincipal(moto.clients.iam, type, name), live);
}

test("a plan beside an AWS managed policy and under a boundary, unchanged since the audit, applies and rolls back", async () => {
  for (const [type, name] of [
    ["user", "ann-1"],
    ["role", "app-1"],
  ] as const) {
    const plan = planOf(type, name);
    const before = await readPrincipal(moto.clients.iam, type, name);
    const opts = options();
    const record = await applyPlan(moto.clients.iam, plan, opts);
    assert.deepEqual((await readPrincipal(moto.clients.iam, type, name))?.attached, [
      motoArn("policy", `whittle-${name}`),
    ]);
    await rollbackChange(moto.clients.iam, record, opts.store);
    assert.deepEqual(await readPrincipal(moto.clients.iam, type, name), before);
  }
});

test("refuses when an AWS managed policy a user's group holds has a new default version since the audit", async () => {
  // The audit saw an older default version: AWS published the one IAM holds now since.
  const live = snapshot.managedPolicies[S3_READ_ONLY]!;
  const audited: Snapshot = {
    ...snapshot,
    managedPolicies: {
      ...snapshot.managedPolicies,
      [S3_READ_ONLY]: { ...live, defaultVersionId: "v0", document: mine },
    },
  };
  const plan = planOf("user", "ann-2", audited);
  await assertDrift(
    plan,
    new RegExp(`policy ${S3_READ_ONLY}: default version is ${live.defaultVersionId}, was v0`),
  );
});

test("refuses when an AWS managed policy the role's plan detaches has a new default version since the audit", async () => {
  // The audit saw a default version that granted s3:GetObject on everything; the one AWS published
  // since (the one IAM holds now) may grant less, which the new policy was not proven within.
  const live = snapshot.managedPolicies[S3_READ_ONLY]!;
  const older = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] };
  const audited: Snapshot = {
    ...snapshot,
    managedPolicies: {
      ...snapshot.managedPolicies,
      [S3_READ_ONLY]: { ...live, defaultVersionId: "v0", document: older },
    },
  };
  const plan = planOf("role", "reader", audited);
  assert.deepEqual(plan.detach, [S3_READ_ONLY]);
  await assertDrift(
    plan,
    new RegExp(`policy ${S3_READ_ONLY}: default version is ${live.defaultVersionId}, was v0`),
  );
});

test("refuses when the role's permissions boundary is another policy since the audit", async () => {
  const plan = planOf("role", "app-2");
  await moto.clients.iam.send(
    new PutRolePermissionsBoundaryCommand({
      RoleName: "app-2",
      PermissionsBoundary: motoArn("policy", "other-fence"),
    }),
  );
  await assertDrift(plan, /role app-2 permissions boundary is .*policy\/other-fence, was .*policy\/fence/);
});

test("refuses when the role's permissions boundary was removed since the audit", async () => {
  const plan = planOf("role", "app-3");
  await moto.clients.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "app-3" }));
  await assertDrift(plan, /role app-3 permissions boundary is none, was .*policy\/fence/);
});

test("refuses when the role's boundary policy has a new default version since the audit", async () => {
  const plan = planOf("role", "app-4");
  await moto.clients.iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: motoArn("policy", "fence"),
      PolicyDocument: json(mine),
      SetAsDefault: true,
    }),
  );
  await assertDrift(plan, /policy .*policy\/fence: default version is v2, was v1/);
});

test("refuses when the user was deleted and made again under its name since the audit, with the same policies", async () => {
  const plan = planOf("user", "ann-3");
  const iam = moto.clients.iam;
  await iam.send(new DeleteUserPolicyCommand({ UserName: "ann-3", PolicyName: "all" }));
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "readers", UserName: "ann-3" }));
  await iam.send(new DeleteUserCommand({ UserName: "ann-3" }));
  await iam.send(new CreateUserCommand({ UserName: "ann-3" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "readers", UserName: "ann-3" }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: "ann-3", PolicyName: "all", PolicyDocument: json(S3_ALL) }),
  );
  await assertDrift(plan, /user\/ann-3 was deleted and made again since the audit \(id \w+, was \w+\)/);
});

test("refuses, changing nothing, a plan written before plans recorded boundaries, whose role's boundary changed since", async () => {
  const plan = structuredClone(planOf("role", "app-5"));
  // As the previous version wrote it: no boundaries, ids, nor AWS managed policies beside.
  for (const p of [...plan.before.principals, ...(plan.before.kept?.principals ?? [])]) {
    delete p.boundary;
    delete p.id;
  }
  if (plan.before.kept) plan.before.kept.policies = [];
  const iam = moto.clients.iam;
  await iam.send(
    new PutRolePermissionsBoundaryCommand({
      RoleName: "app-5",
      PermissionsBoundary: motoArn("policy", "other-fence"),
    }),
  );
  const live = await readPrincipal(iam, "role", "app-5");
  await assert.rejects(
    applyPlan(iam, plan, options()),
    (error: unknown) =>
      error instanceof PlanInputError &&
      /earlier Whittle that did not record the permissions boundary of .*role\/app-5: audit again/.test(
        error.message,
      ),
  );
  assert.deepEqual(await readPrincipal(iam, "role", "app-5"), live);
});
