import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { ApplyFailedError } from "../../core/aws/plan-errors.js";
import { LEASE_MS } from "../../core/aws/plan-lease.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { S3BackupStore } from "../../core/aws/s3-backup-store.js";
import {
  type BackupStore,
  type ChangeRecord,
  changeIdFor,
  type HeldAs,
} from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";

const ROLES = ["app-1", "app-2"];

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-rolled-back-"));
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "whittle-rolled-back" }));
  plans = await rolesWithOwnPolicies(moto.clients, ROLES);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

/**
 * `store`, on which a `whittle rollback` of the change, run beside its apply once the apply's lease
 * has expired (a run stalled past it), runs whole just as the apply, its change verified, comes to
 * mark the backup applied.
 */
function rolledBackBeside(store: BackupStore): BackupStore {
  return {
    description: store.description,
    read: (id) => store.read(id),
    create: (record) => store.create(record),
    changesOf: (planId) => store.changesOf(planId),
    write: async (record: ChangeRecord, from?: HeldAs) => {
      if (record.status === "applied")
        await rollbackChange(moto.clients.iam, await store.read(record.changeId), store, {
          now: () => new Date(Date.now() + LEASE_MS),
        });
      await store.write(record, from);
    },
  };
}

for (const [i, [where, storeIn]] of [
  ["a backup folder", () => new LocalBackupStore(backups)],
  ["an S3 backup location", () => new S3BackupStore(moto.clients.s3, "s3://whittle-rolled-back/account/")],
].entries() as IterableIterator<[number, [string, () => BackupStore]]>)
  test(`an apply whose change is rolled back beside it fails, keeping the backup's rolled-back mark, in ${where}`, async () => {
    const iam = moto.clients.iam;
    const role = ROLES[i]!;
    const plan = plans.find((p) => p.target.type === "role" && p.target.name === role);
    assert.ok(plan, `a plan for role ${role}`);
    const roleBefore = await readPrincipal(iam, "role", role);
    const store = storeIn();
    const now = new Date(Date.UTC(2026, 10, 22, 0, 0, i));
    const changeId = changeIdFor(plan.id, now);
    await assert.rejects(
      applyPlan(iam, plan, { changeId, now, store: rolledBackBeside(store) }),
      (error: unknown) => {
        assert.ok(error instanceof ApplyFailedError, String(error));
        assert.ok(!error.message.includes("\n"), error.message);
        assert.match(error.message, new RegExp(`${changeId} was rolled back while it was applied`));
        return true;
      },
    );
    assert.equal((await store.read(changeId)).status, "rolled-back");
    assert.deepEqual(await readPrincipal(iam, "role", role), roleBefore);
  });
