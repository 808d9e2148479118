import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { refuseOwnCaller } from "../../core/aws/plan-caller.js";
import { PlanInputError } from "../../core/aws/plan-errors.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planOfRole, rolesWithOwnPolicies } from "../helpers/moto-plan-roles.js";
import { MOTO_ACCOUNT, sharedPolicyPlans } from "../helpers/plan-fixture.js";
import { ACCOUNT } from "../helpers/snapshot-fixture.js";

const ROLES = ["deployer", "app"];

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-caller-"));
  plans = await rolesWithOwnPolicies(moto.clients, ROLES);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const planOf = (role: string) => planOfRole(plans, role);
const session = (role: string, account = MOTO_ACCOUNT) =>
  `arn:aws:sts::${account}:assumed-role/${role}/whittle`;

test("an apply run in a session of the role its plan narrows refuses, changing nothing and writing no backup", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("deployer");
  const roleBefore = await readPrincipal(iam, "role", "deployer");
  const now = new Date(Date.UTC(2026, 10, 22));
  const store = new LocalBackupStore(backups);
  await assert.rejects(
    applyPlan(iam, plan, { changeId: changeIdFor(plan.id, now), now, store, caller: session("deployer") }),
    (error: unknown) => {
      assert.ok(error instanceof PlanInputError, String(error));
      assert.ok(!error.message.includes("\n"), error.message);
      assert.match(
        error.message,
        /narrows arn:aws:iam::123456789012:role\/deployer, as which these credentials/,
      );
      assert.match(error.message, /apply it with another principal's credentials/);
      return true;
    },
  );
  assert.deepEqual(await readPrincipal(iam, "role", "deployer"), roleBefore);
  assert.deepEqual(readdirSync(backups), []);
});

test("an apply run as another role, or the same name in another account, applies", async () => {
  const plan = planOf("app");
  const now = new Date(Date.UTC(2026, 10, 22, 0, 1));
  const store = new LocalBackupStore(backups);
  assert.doesNotThrow(() => refuseOwnCaller(plan, session("app", "444455556666")));
  const record = await applyPlan(moto.clients.iam, plan, {
    changeId: changeIdFor(plan.id, now),
    now,
    store,
    caller: session("deployer"),
  });
  assert.equal(record.status, "applied");
});

test("a shared policy's plan is refused to a session of a role holding it, not to the account's root user", () => {
  const plan = sharedPolicyPlans().find((p) => p.target.type === "policy");
  assert.ok(plan);
  assert.throws(() => refuseOwnCaller(plan, session("batch", ACCOUNT)), PlanInputError);
  assert.doesNotThrow(() => refuseOwnCaller(plan, `arn:aws:iam::${ACCOUNT}:root`));
});
