import assert from "node:assert/strict";
import { applyPlan } from "../../core/aws/plan-apply.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";

type Iam = Parameters<typeof applyPlan>[0];

/**
 * Applies, as of the tests' day, the plan among `plans` for one target, backed up in `backups`,
 * each apply under a change id of its own; gives the record and the store its rollback reads.
 */
export function planApplier() {
  let changes = 0;
  return async (
    iam: Iam,
    plans: readonly Plan[],
    backups: string,
    type: Plan["target"]["type"],
    name: string,
  ) => {
    const plan = plans.find((p) => p.target.type === type && p.target.name === name);
    assert.ok(plan, `a plan for ${type} ${name}`);
    const store = new LocalBackupStore(backups);
    const record = await applyPlan(iam, plan, {
      changeId: `change-${++changes}`,
      now: new Date("2026-11-22T00:00:00Z"),
      store,
    });
    return { record, store };
  };
}
