import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  type IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { type Iam, readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import {
  ApplyFailedError,
  PlanDriftError,
  RollbackRefusedError,
  UnfinishedChangeError,
} from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { type BackupStore, type ChangeRecord, changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planOfRole } from "../helpers/moto-plan-roles.js";
import { EC2_TRUST, motoArn, plansFor, READ_OBJECT, S3_ALL } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const ROLES = ["app-1", "app-2"];
const WEB = ["web-1", "web-2"];
const SHARED = motoArn("policy", "shared");
const BATCH = ["batch-1", "batch-2"];
const SHARED_2 = motoArn("policy", "shared-2");

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-race-"));
  const iam = moto.clients.iam;
  for (const RoleName of ROLES) {
    await iam.send(new CreatePolicyCommand({ PolicyName: `old-${RoleName}`, PolicyDocument: json(S3_ALL) }));
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
    await iam.send(
      new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", `old-${RoleName}`) }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "all", PolicyDocument: json(S3_ALL) }));
  }
  // Policies two roles share, holding four versions each: room for one more.
  for (const [PolicyName, PolicyArn, holders] of [
    ["shared", SHARED, WEB],
    ["shared-2", SHARED_2, BATCH],
  ] as const) {
    await iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: json(S3_ALL) }));
    for (let v = 2; v <= 4; v++)
      await iam.send(
        new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: json(READ_OBJECT), SetAsDefault: false }),
      );
    for (const RoleName of holders) {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    }
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(
    snapshot,
    ROLES,
    [...ROLES, ...WEB, ...BATCH].map((r) => motoArn("role", r)),
  );
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const planOf = (role: string) => planOfRole(plans, role);

/**
 * The backups in a location that may be written and read but not listed (s3:ListBucket not
 * granted): an apply cannot see another of the plan running, and IAM's own answers must stop it.
 */
const unlisted = (store: BackupStore): BackupStore => ({
  description: store.description,
  read: (id) => store.read(id),
  create: (record) => store.create(record),
  write: (record, from) => store.write(record, from),
  changesOf: () => Promise.reject(Object.assign(new Error("Access Denied"), { name: "AccessDenied" })),
});
const isRead = (command: { constructor: { name: string } }) => /^(Get|List)/.test(command.constructor.name);

/**
 * A client whose first write waits for `other` to run whole: the apply it serves has checked IAM
 * and written its backup, and another apply of the plan overtakes it. `earlier` is that one's.
 */
function overtaken(iam: IAMClient, other: () => Promise<ChangeRecord>) {
  let run: Promise<ChangeRecord> | undefined;
  const later: Iam = {
    send: (async (command: { constructor: { name: string } }) => {
      if (!isRead(command) && !run) {
        run = other();
        await run.catch(() => undefined);
      }
      return iam.send(command as never);
    }) as IAMClient["send"],
  };
  return { later, earlier: () => run! };
}

test("of two applies of a plan a second apart, unseen by each other, the one whose policy the other created fails, undoing nothing of the other's", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("app-1");
  const roleBefore = await readPrincipal(iam, "role", "app-1");
  const store = unlisted(new LocalBackupStore(backups));
  const at = (second: number) => {
    const now = new Date(Date.UTC(2026, 10, 22, 0, 0, second));
    return { changeId: changeIdFor(plan.id, now), now, store };
  };
  // The later apply has checked IAM and written its backup; the earlier one runs whole before its first write.
  const { later, earlier } = overtaken(iam, () => applyPlan(iam, plan, at(0)));
  const second = at(1);
  await assert.rejects(applyPlan(later, plan, second), (error: unknown) => {
    assert.ok(error instanceof ApplyFailedError, String(error));
    assert.ok(!error.message.includes("\n"), error.message);
    assert.match(
      error.message,
      new RegExp(
        `${motoArn("policy", "whittle-app-1")} was created by change ${at(0).changeId} .*changed nothing`,
      ),
    );
    return true;
  });
  const first = await earlier();
  assert.equal(first.status, "applied");
  assert.deepEqual((await readPrincipal(iam, "role", "app-1"))?.attached, [
    motoArn("policy", "whittle-app-1"),
  ]);
  assert.ok(await readPolicy(iam, motoArn("policy", "whittle-app-1")), "the earlier apply's policy is kept");
  // The later change holds no undo: marked done, no later apply is told to roll it back.
  assert.equal((await store.read(second.changeId)).status, "rolled-back");
  await rollbackChange(iam, await store.read(first.changeId), store);
  assert.deepEqual(await readPrincipal(iam, "role", "app-1"), roleBefore);
});

test("of two applies of a policy's plan a second apart, unseen by each other, the one that finds no room for its version fails, undoing nothing of the other's", async () => {
  const iam = moto.clients.iam;
  const plan = plans.find((p) => p.target.type === "policy" && p.target.arn === SHARED);
  assert.ok(plan, "a plan for the shared policy");
  const store = unlisted(new LocalBackupStore(backups));
  const at = (second: number) => {
    const now = new Date(Date.UTC(2026, 10, 22, 0, 1, second));
    return { changeId: changeIdFor(plan.id, now), now, store };
  };
  const { later, earlier } = overtaken(iam, () => applyPlan(iam, plan, at(0)));
  const second = at(1);
  await assert.rejects(applyPlan(later, plan, second), (error: unknown) => {
    assert.ok(error instanceof ApplyFailedError, String(error));
    assert.match(
      error.message,
      new RegExp(
        `${SHARED} was given a version after this apply checked it had room for one.*by another apply of this plan, whose version v5 is now the default\\); it changed nothing`,
      ),
    );
    return true;
  });
  const first = await earlier();
  assert.equal(first.status, "applied");
  const policy = await readPolicy(iam, SHARED);
  assert.equal(policy?.defaultVersionId, "v5", "the earlier apply's version stays the default");
  assert.equal((await store.read(second.changeId)).status, "rolled-back");
});

test("an apply of a policy's plan that finds no room for its version someone else added since fails, naming the version to delete", async () => {
  const iam = moto.clients.iam;
  const plan = plans.find((p) => p.target.type === "policy" && p.target.arn === SHARED_2);
  assert.ok(plan, "a plan for the second shared policy");
  const store = new LocalBackupStore(backups);
  const now = new Date(Date.UTC(2026, 10, 22, 0, 5));
  // Someone adds a fifth version, not the default, between the apply's check and its write.
  let added = false;
  const racing: Iam = {
    send: (async (command: { constructor: { name: string } }) => {
      if (command instanceof CreatePolicyVersionCommand && !added) {
        added = true;
        await iam.send(
          new CreatePolicyVersionCommand({
            PolicyArn: SHARED_2,
            PolicyDocument: json(S3_ALL),
            SetAsDefault: false,
          }),
        );
      }
      return iam.send(command as never);
    }) as IAMClient["send"],
  };
  await assert.rejects(
    applyPlan(racing, plan, { changeId: changeIdFor(plan.id, now), now, store }),
    (error: unknown) => {
      assert.ok(error instanceof ApplyFailedError, String(error));
      assert.ok(!error.message.includes("\n"), error.message);
      assert.match(
        error.message,
        new RegExp(
          `${SHARED_2} was given a version after this apply checked it had room for one.*by someone else: delete one of its versions other than the default, v1, then apply again\\); it changed nothing`,
        ),
      );
      return true;
    },
  );
  assert.equal((await readPolicy(iam, SHARED_2))?.defaultVersionId, "v1");
});

test("rollback of an apply cut short before its writes refuses, changing nothing, once a later apply of the plan took", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("app-2");
  const store = new LocalBackupStore(backups);
  const at = (minute: number) => {
    const now = new Date(Date.UTC(2026, 10, 22, 0, minute));
    return { changeId: changeIdFor(plan.id, now), now, store };
  };
  // The first write fails, and the process dies before its rollback is recorded.
  const dying: Iam = {
    send: ((command: { constructor: { name: string } }) =>
      isRead(command)
        ? iam.send(command as never)
        : Promise.reject(new Error("interrupted"))) as IAMClient["send"],
  };
  const cut = at(2);
  const killed = {
    ...cut,
    store: Object.assign(Object.create(store), {
      write: (record: ChangeRecord) =>
        record.status === "backed-up" ? store.write(record) : Promise.reject(new Error("killed")),
    }),
  };
  await assert.rejects(applyPlan(dying, plan, killed));
  assert.equal((await store.read(cut.changeId)).status, "backed-up");
  const later = await applyPlan(iam, plan, at(3));
  assert.equal(later.status, "applied");
  const applied = await readPrincipal(iam, "role", "app-2");
  await assert.rejects(rollbackChange(iam, await store.read(cut.changeId), store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(
      error.message,
      new RegExp(
        `change ${later.changeId} of the same plan was applied after it began.*roll back ${later.changeId} instead`,
      ),
    );
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "role", "app-2"), applied);
  assert.ok(await readPolicy(iam, motoArn("policy", "whittle-app-2")));
});

test("an apply after a later apply of the plan took is refused as drift, not pointed at the rollback of an earlier one cut short", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("app-2");
  const store = new LocalBackupStore(backups);
  const now = new Date(Date.UTC(2026, 10, 22, 0, 4));
  // app-2 holds the change applied by the test above, after the change cut short before its writes.
  await assert.rejects(
    applyPlan(iam, plan, { changeId: changeIdFor(plan.id, now), now, store }),
    (error: unknown) => {
      assert.ok(error instanceof PlanDriftError, String(error));
      assert.ok(!(error instanceof UnfinishedChangeError), error.message);
      return true;
    },
  );
});
