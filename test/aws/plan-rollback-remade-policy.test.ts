import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CreatePolicyCommand, DeletePolicyCommand } from "@aws-sdk/client-iam";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planOfRole, rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";
import { motoArn } from "../helpers/plan-fixture.js";

const ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-remade-policy-"));
  plans = await rolesWithOwnPolicies(moto.clients, ["app"]);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

test("rollback refuses, changing nothing, to attach again a policy the change detached that was deleted and made again since with another document", async () => {
  const iam = moto.clients.iam;
  const plan = planOfRole(plans, "app");
  const store = new LocalBackupStore(backups);
  const now = new Date(Date.UTC(2026, 10, 22));
  const record = await applyPlan(iam, plan, { changeId: changeIdFor(plan.id, now), now, store });
  // Detached by the change and held by no one, the policy is deleted, and its name taken again for
  // another document, whose first version is v1 as the old one's was.
  const old = motoArn("policy", "old-app");
  await iam.send(new DeletePolicyCommand({ PolicyArn: old }));
  await iam.send(new CreatePolicyCommand({ PolicyName: "old-app", PolicyDocument: JSON.stringify(ADMIN) }));
  const applied = await readPrincipal(iam, "role", "app");
  await assert.rejects(rollbackChange(iam, record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.ok(!error.message.includes("\n"), error.message);
    assert.match(
      error.message,
      new RegExp(`${old} version v1 holds another document than before ${record.changeId}`),
    );
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "role", "app"), applied, "nothing was attached");
  assert.equal((await store.read(record.changeId)).status, "applied");
});
