import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type Iam, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { ChangeBusyError, RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { LEASE_MS } from "../../core/aws/plan-lease.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { S3BackupStore } from "../../core/aws/s3-backup-store.js";
import { type BackupStore, type ChangeRecord, changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planOfRole, rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";

const ROLES = [
  ...["run-1", "run-2", "twice-1", "twice-2", "busy-1", "busy-2", "stale-1", "stale-2"],
  ...["both-1", "both-2", "old-1", "old-2"],
];

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-lease-"));
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "whittle-lease" }));
  plans = await rolesWithOwnPolicies(moto.clients, ROLES);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

type Command = Parameters<IAMClient["send"]>[0];
const isWrite = (command: Command) => !/^(Get|List)/.test(command.constructor.name);

const STORES: [string, () => BackupStore][] = [
  ["a backup folder", () => new LocalBackupStore(backups)],
  ["an S3 backup location", () => new S3BackupStore(moto.clients.s3, "s3://whittle-lease/account/")],
];

/** `iam`, running `beside` once, just before the first write it is sent. */
function besideFirstWrite(iam: Iam, beside: () => Promise<unknown>): Iam {
  let ran = false;
  return {
    send: (async (command: Command) => {
      if (!ran && isWrite(command)) {
        ran = true;
        await beside();
      }
      return iam.send(command as never);
    }) as IAMClient["send"],
  };
}

for (const [i, [where, storeIn]] of STORES.entries())
  test(`a rollback of a change while its apply writes is refused, changing nothing, and the apply ends applied, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `run-${i + 1}`;
    const plan = planOfRole(plans, role);
    const store = storeIn();
    const now = new Date(Date.UTC(2026, 10, 22, 0, 0, i));
    const changeId = changeIdFor(plan.id, now);
    let refusal: unknown;
    let during: Awaited<ReturnType<typeof readPrincipal>>;
    const racing = besideFirstWrite(iam, async () => {
      during = await readPrincipal(iam, "role", role);
      refusal = await rollbackChange(iam, await store.read(changeId), store).catch((e: unknown) => e);
      assert.deepEqual(await readPrincipal(iam, "role", role), during, "the rollback wrote nothing");
    });
    const record = await applyPlan(racing, plan, { changeId, now, store });
    assert.ok(refusal instanceof RollbackRefusedError, String(refusal));
    assert.ok(!refusal.message.includes("\n"), refusal.message);
    assert.match(refusal.message, new RegExp(`change ${changeId} is being applied by .*pid ${process.pid}`));
    assert.match(refusal.message, /its lease expires at \S+, after which a rollback takes the change over/);
    assert.equal(record.status, "applied");
    const held = await store.read(changeId);
    assert.deepEqual(held, record);
    assert.equal(held.lease, undefined, "the apply gave its lease back");
    assert.deepEqual(
      (await readPrincipal(iam, "role", role))?.attached,
      plan.create.map((c) => `arn:aws:iam::123456789012:policy/${c.name}`),
    );
  });

for (const [i, [where, storeIn]] of STORES.entries())
  test(`two rollbacks of a change at once: one restores, the other is refused, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `twice-${i + 1}`;
    const plan = planOfRole(plans, role);
    const roleBefore = await readPrincipal(iam, "role", role);
    const store = storeIn();
    const now = new Date(Date.UTC(2026, 10, 22, 0, 1, i));
    const record = await applyPlan(iam, plan, { changeId: changeIdFor(plan.id, now), now, store });
    const results = await Promise.allSettled([
      rollbackChange(iam, record, store),
      rollbackChange(iam, record, store),
    ]);
    const done = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    assert.equal(done.length, 1, JSON.stringify(refused.map(String)));
    assert.equal(refused.length, 1);
    assert.ok(refused[0] instanceof RollbackRefusedError, String(refused[0]));
    assert.match(
      refused[0].message,
      new RegExp(`(is being rolled back by|backup of ${record.changeId} was written by another run)`),
    );
    assert.equal((await store.read(record.changeId)).status, "rolled-back");
    assert.equal((await store.read(record.changeId)).lease, undefined);
    assert.deepEqual(await readPrincipal(iam, "role", role), roleBefore);
  });

for (const [i, [where, storeIn]] of STORES.entries())
  test(`an apply of a plan while a rollback of its earlier change runs is refused, changing nothing, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `busy-${i + 1}`;
    const plan = planOfRole(plans, role);
    const roleBefore = await readPrincipal(iam, "role", role);
    const store = storeIn();
    const first = new Date(Date.UTC(2026, 10, 22, 0, 2, i));
    const record = await applyPlan(iam, plan, { changeId: changeIdFor(plan.id, first), now: first, store });
    const again = new Date(Date.UTC(2026, 10, 22, 0, 3, i));
    const againId = changeIdFor(plan.id, again);
    let refusal: unknown;
    // The rollback has made its last write, and verifies: IAM is as the audit saw it, and the
    // apply's checks pass.
    let deleted = false;
    const racing: Iam = {
      send: (async (command: Command) => {
        if (deleted && refusal === undefined)
          refusal = await applyPlan(iam, plan, { changeId: againId, now: again, store }).catch(
            (e: unknown) => e,
          );
        const out = await iam.send(command as never);
        deleted ||= command.constructor.name === "DeletePolicyCommand";
        return out;
      }) as IAMClient["send"],
    };
    const restored = await rollbackChange(racing, record, store);
    assert.equal(restored.status, "rolled-back");
    assert.ok(refusal instanceof ChangeBusyError, String(refusal));
    assert.ok(!refusal.message.includes("\n"), refusal.message);
    assert.match(
      refusal.message,
      new RegExp(`change ${record.changeId} is being rolled back by .*; this apply changed nothing$`),
    );
    assert.equal(
      (await store.read(againId)).status,
      "rolled-back",
      "the refused apply's backup is marked done",
    );
    assert.deepEqual(await readPrincipal(iam, "role", role), roleBefore);
  });

for (const [i, [where, storeIn]] of STORES.entries())
  test(`a change left mid-apply by a run on another host is refused to a rollback until its lease expires, then taken over, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `stale-${i + 1}`;
    const plan = planOfRole(plans, role);
    const roleBefore = await readPrincipal(iam, "role", role);
    const store = storeIn();
    const now = new Date(Date.UTC(2026, 10, 22, 0, 4, i));
    const changeId = changeIdFor(plan.id, now);
    // The apply's connection is lost once it has attached the new policy, and its process dies.
    const killed: BackupStore = {
      description: store.description,
      read: (id) => store.read(id),
      changesOf: (planId) => store.changesOf(planId),
      create: (record: ChangeRecord) =>
        store.create({
          ...record,
          lease: { ...record.lease!, host: "build-7", pid: 4242, by: "ci@build-7" },
        }),
      write: () => Promise.reject(new Error("killed")),
    };
    let lost = false;
    const dying: Iam = {
      send: (async (command: Command) => {
        lost ||= command.constructor.name === "DetachRolePolicyCommand";
        if (lost && isWrite(command)) throw new Error("connection lost");
        return iam.send(command as never);
      }) as IAMClient["send"],
    };
    await assert.rejects(applyPlan(dying, plan, { changeId, now, store: killed }));
    const left = await store.read(changeId);
    assert.equal(left.status, "backed-up");
    assert.ok(left.lease);
    await assert.rejects(rollbackChange(iam, left, store), (error: unknown) => {
      assert.ok(error instanceof RollbackRefusedError, String(error));
      assert.match(error.message, new RegExp(`is being applied by ci@build-7 since ${left.lease!.since}`));
      assert.match(error.message, new RegExp(`its lease expires at ${left.lease!.expiresAt}`));
      return true;
    });
    const later = new Date(Date.parse(left.lease.since) + LEASE_MS + 1000);
    const notices: string[] = [];
    const restored = await rollbackChange(iam, await store.read(changeId), store, {
      now: () => later,
      notice: (message) => notices.push(message),
    });
    assert.equal(restored.status, "rolled-back");
    assert.deepEqual(notices, [
      `change ${changeId} was left mid-apply by ci@build-7 (its lease expired at ${left.lease.expiresAt}); this rollback takes it over`,
    ]);
    assert.deepEqual(await readPrincipal(iam, "role", role), roleBefore);
    assert.equal((await store.read(changeId)).lease, undefined);
  });

for (const [i, [where, storeIn]] of STORES.entries())
  test(`of two applies of a plan at once, the one that finds the other running refuses before any write, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `both-${i + 1}`;
    const plan = planOfRole(plans, role);
    const store = storeIn();
    const at = (second: number) => {
      const now = new Date(Date.UTC(2026, 10, 22, 0, 5, second));
      return { changeId: changeIdFor(plan.id, now), now, store };
    };
    // The later apply has checked IAM and written its backup; the earlier one runs whole before its first write.
    let earlier: unknown;
    const later = besideFirstWrite(iam, async () => {
      earlier = await applyPlan(iam, plan, at(0)).catch((e: unknown) => e);
    });
    const record = await applyPlan(later, plan, at(1));
    assert.ok(earlier instanceof ChangeBusyError, String(earlier));
    assert.match(
      earlier.message,
      new RegExp(`change ${at(1).changeId} is being applied by .*; this apply changed nothing$`),
    );
    assert.equal((await store.read(at(0).changeId)).status, "rolled-back");
    assert.equal(record.status, "applied");
    assert.deepEqual(
      (await readPrincipal(iam, "role", role))?.attached,
      plan.create.map((c) => `arn:aws:iam::123456789012:policy/${c.name}`),
    );
  });

for (const [i, [where, storeIn]] of STORES.entries())
  test(`a change left mid-apply by an earlier Whittle, its backup with no lease, is rolled back at once, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = `old-${i + 1}`;
    const plan = planOfRole(plans, role);
    const roleBefore = await readPrincipal(iam, "role", role);
    const store = storeIn();
    const changeId = changeIdFor(plan.id, new Date(Date.UTC(2026, 10, 22, 0, 5, i)));
    // The apply dies once it has attached the new policy; its backup as an earlier Whittle wrote it.
    const killed: BackupStore = {
      description: store.description,
      read: (id) => store.read(id),
      changesOf: (planId) => store.changesOf(planId),
      create: ({ lease: _, ...record }: ChangeRecord) => store.create(record),
      write: () => Promise.reject(new Error("killed")),
    };
    let lost = false;
    const dying: Iam = {
      send: (async (command: Command) => {
        lost ||= command.constructor.name === "DetachRolePolicyCommand";
        if (lost && isWrite(command)) throw new Error("connection lost");
        return iam.send(command as never);
      }) as IAMClient["send"],
    };
    await assert.rejects(applyPlan(dying, plan, { changeId, now: new Date(), store: killed }));
    const left = await store.read(changeId);
    assert.equal(left.status, "backed-up");
    assert.equal(left.lease, undefined);
    assert.notDeepEqual(await readPrincipal(iam, "role", role), roleBefore);
    const notices: string[] = [];
    const restored = await rollbackChange(iam, left, store, { notice: (message) => notices.push(message) });
    assert.equal(restored.status, "rolled-back");
    assert.deepEqual(notices, []);
    assert.deepEqual(await readPrincipal(iam, "role", role), roleBefore);
    const marked = await store.read(changeId);
    assert.equal(marked.status, "rolled-back");
    assert.equal(marked.lease, undefined);
  });
