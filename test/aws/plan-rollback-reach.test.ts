import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const COPIES = 6;

/**
 * One copy per test (suffix `-n`): a policy shared by a user, a role and a group, a group with its
 * own inline policy, and a role and a user that hold nothing yet.
 */
async function seed(iam: IAMClient, n: number): Promise<void> {
  const $ = (name: string) => `${name}-${n}`;
  const shared = motoArn("policy", $("shared"));
  await iam.send(new CreatePolicyCommand({ PolicyName: $("shared"), PolicyDocument: json(S3_ALL) }));
  for (const UserName of ["ann", "ben", "carl", "dan"].map($))
    await iam.send(new CreateUserCommand({ UserName }));
  for (const RoleName of ["app", "late"].map($))
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
  for (const GroupName of ["readers", "devs"].map($)) await iam.send(new CreateGroupCommand({ GroupName }));
  await iam.send(new AddUserToGroupCommand({ GroupName: $("readers"), UserName: $("ann") }));
  await iam.send(new AddUserToGroupCommand({ GroupName: $("devs"), UserName: $("carl") }));
  await iam.send(new AttachUserPolicyCommand({ UserName: $("ben"), PolicyArn: shared }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: $("app"), PolicyArn: shared }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: $("readers"), PolicyArn: shared }));
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: $("devs"), PolicyName: "all", PolicyDocument: json(S3_ALL) }),
  );
}

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-reach-"));
  for (let n = 1; n <= COPIES; n++) await seed(moto.clients.iam, n);
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const observed = Array.from({ length: COPIES }, (_, i) => i + 1).flatMap((n) => [
    motoArn("user", `ann-${n}`),
    motoArn("user", `ben-${n}`),
    motoArn("user", `carl-${n}`),
    motoArn("role", `app-${n}`),
  ]);
  const roles = Array.from({ length: COPIES }, (_, i) => `app-${i + 1}`);
  plans = plansFor(snapshot, roles, observed);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

let copy = 0;
function nextCopy() {
  const n = ++copy;
  assert.ok(n <= COPIES, "seed more copies");
  const $ = (name: string) => `${name}-${n}`;
  const planOf = (type: Plan["target"]["type"], name: string) => {
    const plan = plans.find((p) => p.target.type === type && p.target.name === $(name));
    assert.ok(plan, `a plan for ${type} ${$(name)}`);
    return plan;
  };
  return { planOf, $ };
}

let changes = 0;
const options = () => ({
  changeId: `change-${++changes}`,
  now: new Date("2026-11-22T00:00:00Z"),
  store: new LocalBackupStore(backups),
});

/** Rolling back `record` is refused with `pattern`, and IAM is as it was. */
async function assertRefused(
  record: Awaited<ReturnType<typeof applyPlan>>,
  store: LocalBackupStore,
  pattern: RegExp,
  reading: () => Promise<unknown>,
): Promise<void> {
  const since = await reading();
  await assert.rejects(rollbackChange(moto.clients.iam, record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
  assert.deepEqual(await reading(), since);
}

test("rollback refuses, changing nothing, to give a rewritten policy's replaced version to a principal that took it up since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("policy", "shared"), opts);
  // Attached once the policy was narrowed: the role was never meant to hold its old version.
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: $("late"), PolicyArn: motoArn("policy", $("shared")) }),
  );
  await assertRefused(record, opts.store, new RegExp(`is now attached to role/${$("late")} too`), () =>
    readPolicy(iam, motoArn("policy", $("shared"))),
  );
});

test("rollback refuses, changing nothing, to give a rewritten policy's replaced version to a user that joined a group holding it since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("policy", "shared"), opts);
  await iam.send(new AddUserToGroupCommand({ GroupName: $("readers"), UserName: $("dan") }));
  await assertRefused(
    record,
    opts.store,
    new RegExp(`group ${$("readers")} has members ${$("dan")} since`),
    () => readPolicy(iam, motoArn("policy", $("shared"))),
  );
});

test("rollback refuses, changing nothing, to give a group's replaced policies to a user that joined it since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("group", "devs"), opts);
  await iam.send(new AddUserToGroupCommand({ GroupName: $("devs"), UserName: $("dan") }));
  await assertRefused(
    record,
    opts.store,
    new RegExp(`group ${$("devs")} has members ${$("dan")} since`),
    () => readPrincipal(iam, "group", $("devs")),
  );
});

test("a group's change is rolled back when a member left it since: no one gains what it replaced", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const before = await readPrincipal(iam, "group", $("devs"));
  const opts = options();
  const record = await applyPlan(iam, planOf("group", "devs"), opts);
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: $("devs"), UserName: $("carl") }));
  const restored = await rollbackChange(iam, record, opts.store);
  assert.equal(restored.status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "group", $("devs")), { ...before, members: [] });
});

/** Deletes the copy's role app and makes another under its name, with none of the old one's policies. */
async function remakeApp(iam: IAMClient, $: (name: string) => string, attached: readonly string[]) {
  const RoleName = $("app");
  for (const PolicyArn of attached) await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  await iam.send(new DeleteRoleCommand({ RoleName }));
  await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
}

test("rollback refuses, changing nothing, to give a role's replaced policies to another role made under its name since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("role", "app"), opts);
  await remakeApp(iam, $, [motoArn("policy", $("whittle-app"))]);
  await assertRefused(
    record,
    opts.store,
    new RegExp(`role ${$("app")} was deleted and made again since`),
    () => readPrincipal(iam, "role", $("app")),
  );
});

test("rollback refuses, changing nothing, to give a rewritten policy's replaced version to a role made under a holder's name since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const shared = motoArn("policy", $("shared"));
  const opts = options();
  const record = await applyPlan(iam, planOf("policy", "shared"), opts);
  await remakeApp(iam, $, [shared]);
  await iam.send(new AttachRolePolicyCommand({ RoleName: $("app"), PolicyArn: shared }));
  await assertRefused(
    record,
    opts.store,
    new RegExp(`role ${$("app")} was deleted and made again since`),
    () => readPolicy(iam, shared),
  );
});
