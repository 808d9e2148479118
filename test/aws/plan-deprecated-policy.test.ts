import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { AttachRolePolicyCommand, CreateRoleCommand, type GetPolicyCommandOutput } from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { type Iam, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { PlanInputError, RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { EC2_TRUST, GET_OBJECT, motoArn, planFor, READ_OBJECT } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

let moto: MotoServer;
let backups: string;
let plan: Plan;
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-deprecated-"));
  const iam = moto.clients.iam;
  await iam.send(new CreateRoleCommand({ RoleName: "reader", AssumeRolePolicyDocument: json(EC2_TRUST) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "reader", PolicyArn: S3_READ_ONLY }));
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const principalArn = motoArn("role", "reader");
  const found = planFor(snapshot, { [principalArn]: [GET_OBJECT] }, [
    { principalArn, policies: [{ name: "whittle-reader", document: READ_OBJECT }] },
  ]).plans.find((p) => p.target.arn === principalArn);
  assert.ok(found, "a plan for role reader");
  plan = found;
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

/**
 * moto's IAM where AWS has deprecated `arn`: still attached where it was, no longer attachable
 * (GetPolicy's IsAttachable false). moto does not emulate deprecation.
 */
function deprecating(arn: string): Iam {
  return {
    send: (async (command: { constructor: { name: string }; input: { PolicyArn?: string } }) => {
      const out = await moto.clients.iam.send(command as never);
      if (command.constructor.name !== "GetPolicyCommand" || command.input.PolicyArn !== arn) return out;
      const policy = (out as GetPolicyCommandOutput).Policy;
      return { ...(out as object), Policy: { ...policy, IsAttachable: false } };
    }) as Iam["send"],
  };
}

test("refuses, changing nothing, a plan that detaches a deprecated AWS managed policy: detached, it cannot be attached again, so no rollback could restore it", async () => {
  const before = await readPrincipal(moto.clients.iam, "role", "reader");
  await assert.rejects(
    applyPlan(deprecating(S3_READ_ONLY), plan, {
      changeId: "change-1",
      now: new Date("2026-11-22T00:00:00Z"),
      store: new LocalBackupStore(backups),
    }),
    (error: unknown) => {
      assert.ok(error instanceof PlanInputError, String(error));
      assert.match(error.message, /AmazonS3ReadOnlyAccess/);
      assert.match(error.message, /cannot be attached again/);
      return true;
    },
  );
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "reader"), before);
});

test("a plan detaching an AWS managed policy that is still attachable applies", async () => {
  const record = await applyPlan(moto.clients.iam, plan, {
    changeId: "change-2",
    now: new Date("2026-11-22T00:00:00Z"),
    store: new LocalBackupStore(backups),
  });
  assert.equal(record.status, "applied");
  assert.deepEqual((await readPrincipal(moto.clients.iam, "role", "reader"))?.attached, [
    motoArn("policy", "whittle-reader"),
  ]);
});

test("rollback refuses, changing nothing, to attach again a policy the change detached that AWS deprecated since: IAM would refuse it halfway through the restore", async () => {
  // The change of the test above, applied while the policy was still attachable.
  const store = new LocalBackupStore(backups);
  const record = await store.read("change-2");
  const since = await readPrincipal(moto.clients.iam, "role", "reader");
  await assert.rejects(
    rollbackChange(deprecating(S3_READ_ONLY), record, store, { sleep: async () => {} }),
    (error: unknown) => {
      assert.ok(error instanceof RollbackRefusedError, String(error));
      assert.match(error.message, /AmazonS3ReadOnlyAccess/);
      assert.match(error.message, /cannot be attached again/);
      return true;
    },
  );
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "reader"), since);
  assert.equal((await store.read("change-2")).status, "applied");
});
