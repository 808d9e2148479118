import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { BackupInvalidError, type ChangeRecord, changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-edited-"));
  plans = await rolesWithOwnPolicies(moto.clients, ["app"]);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

test("a backup whose IAM reading was edited to hold a policy the role never had is refused, and nothing is granted", async () => {
  const iam = moto.clients.iam;
  const plan = plans.find((p) => p.target.type === "role" && p.target.name === "app");
  assert.ok(plan);
  const store = new LocalBackupStore(backups);
  const now = new Date(Date.UTC(2026, 10, 22));
  const record = await applyPlan(iam, plan, { changeId: changeIdFor(plan.id, now), now, store });
  const applied = await readPrincipal(iam, "role", "app");
  const file = join(backups, `${record.changeId}.json`);
  const edited = JSON.parse(readFileSync(file, "utf8")) as ChangeRecord;
  edited.before.principals[0]!.attached.push(ADMIN);
  writeFileSync(file, JSON.stringify(edited));
  await assert.rejects(
    (async () => rollbackChange(iam, await store.read(record.changeId), store))(),
    (error: unknown) => {
      assert.ok(error instanceof BackupInvalidError, String(error));
      assert.ok(!error.message.includes("\n"), error.message);
      assert.match(error.message, /attached policies/);
      assert.match(error.message, /it was edited since, and is not restored/);
      return true;
    },
  );
  assert.deepEqual(await readPrincipal(iam, "role", "app"), applied);
});
