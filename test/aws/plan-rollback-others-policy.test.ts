import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DetachRolePolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { type Iam, readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { type BackupStore, changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";
import { motoArn } from "../helpers/plan-fixture.js";

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-others-policy-"));
  plans = await rolesWithOwnPolicies(moto.clients, ["app"]);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

type Command = { constructor: { name: string } };
const isRead = (command: Command) => /^(Get|List)/.test(command.constructor.name);

test("rollback of an apply cut short before it created its policy refuses, changing nothing, to delete a policy of that name made since by someone else", async () => {
  const iam = moto.clients.iam;
  const plan = plans.find((p) => p.target.type === "role" && p.target.name === "app");
  assert.ok(plan);
  const store = new LocalBackupStore(backups);
  // The first write fails, and the process dies before its rollback is recorded.
  const dying: Iam = {
    send: ((command: Command) =>
      isRead(command)
        ? iam.send(command as never)
        : Promise.reject(new Error("interrupted"))) as IAMClient["send"],
  };
  const killed: BackupStore = {
    description: store.description,
    read: (id) => store.read(id),
    changesOf: (planId) => store.changesOf(planId),
    create: (record) => store.create(record),
    write: (record, from) =>
      record.status === "backed-up" ? store.write(record, from) : Promise.reject(new Error("killed")),
  };
  const now = new Date(Date.UTC(2026, 10, 22));
  const changeId = changeIdFor(plan.id, now);
  await assert.rejects(applyPlan(dying, plan, { changeId, now, store: killed }));
  assert.equal((await store.read(changeId)).status, "backed-up");
  // The team makes the change by the plan's Terraform instead: its policy, of the plan's name and document.
  const created = motoArn("policy", "whittle-app");
  await iam.send(
    new CreatePolicyCommand({
      PolicyName: "whittle-app",
      PolicyDocument: JSON.stringify(plan.create[0]!.document),
      Description: "managed by Terraform",
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: created }));
  await iam.send(new DetachRolePolicyCommand({ RoleName: "app", PolicyArn: motoArn("policy", "old-app") }));
  const held = await readPrincipal(iam, "role", "app");
  await assert.rejects(rollbackChange(iam, await store.read(changeId), store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, /whittle-app was not created by/);
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "role", "app"), held);
  assert.ok(await readPolicy(iam, created));
});
