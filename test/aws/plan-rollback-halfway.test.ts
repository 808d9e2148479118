import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  type IAMClient,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { type Iam, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { RollbackError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planOfRole } from "../helpers/moto-plan-roles.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "../helpers/plan-fixture.js";

const ROLES = ["quota", "denied"];
const OWN = ["a", "b", "c"];

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-halfway-"));
  const iam = moto.clients.iam;
  // Each role holds three managed policies of its own; its plan detaches them for one new policy.
  for (const RoleName of ROLES) {
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST) }));
    for (const own of OWN) {
      const PolicyName = `${RoleName}-${own}`;
      await iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: JSON.stringify(S3_ALL) }));
      await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", PolicyName) }));
    }
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(snapshot, ROLES);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

type Command = Parameters<IAMClient["send"]>[0];

/** IAM answering the attach of a role's policy past `quota` attached, or of `refused`, as AWS would. */
function limited(iam: IAMClient, quota: number, refused?: string): Iam {
  return {
    send: (async (command: Command) => {
      if (command instanceof AttachRolePolicyCommand) {
        const { RoleName, PolicyArn } = command.input;
        if (PolicyArn === refused)
          throw Object.assign(new Error(`not authorized to perform iam:AttachRolePolicy on ${RoleName}`), {
            name: "AccessDenied",
          });
        const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
        if ((listed.AttachedPolicies ?? []).length >= quota)
          throw new LimitExceededException({
            message: `Cannot exceed quota for PoliciesPerRole: ${quota}`,
            $metadata: {},
          });
      }
      return iam.send(command as never);
    }) as IAMClient["send"],
  };
}

async function applied(role: string, minute: number) {
  const plan = planOfRole(plans, role);
  const store = new LocalBackupStore(backups);
  const now = new Date(Date.UTC(2026, 10, 22, 0, minute));
  const record = await applyPlan(moto.clients.iam, plan, { changeId: changeIdFor(plan.id, now), now, store });
  return { record, store };
}

const $ = (role: string, own: string) => motoArn("policy", `${role}-${own}`);

test("a rollback stopped by the quota of managed policies says which of the role's policies are attached again and which not, and runs again once it fits", async () => {
  const iam = moto.clients.iam;
  const roleBefore = await readPrincipal(iam, "role", "quota");
  const { record, store } = await applied("quota", 0);
  const created = motoArn("policy", "whittle-quota");
  // The role may now hold two managed policies: the first of its own fits beside the change's, no more.
  await assert.rejects(rollbackChange(limited(iam, 2), record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackError, String(error));
    assert.ok(!error.message.includes("\n"), error.message);
    assert.match(error.message, new RegExp(`rollback of ${record.changeId} stopped halfway at role quota`));
    assert.ok(
      error.message.includes(
        `of the managed policies it held before, attached: ${$("quota", "a")}; not attached: ${$("quota", "b")}, ${$("quota", "c")}; managed policies it did not hold before, still attached: ${created}`,
      ),
      error.message,
    );
    assert.match(
      error.message,
      new RegExp(`run whittle rollback ${record.changeId} again: it goes on from there`),
    );
    return true;
  });
  assert.deepEqual((await readPrincipal(iam, "role", "quota"))?.attached.sort(), [$("quota", "a"), created]);
  assert.equal((await store.read(record.changeId)).status, "applied");
  assert.equal((await rollbackChange(iam, await store.read(record.changeId), store)).status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "role", "quota"), roleBefore);
});

test("a rollback whose attach is refused midway says what the role holds, and runs again once allowed", async () => {
  const iam = moto.clients.iam;
  const roleBefore = await readPrincipal(iam, "role", "denied");
  const { record, store } = await applied("denied", 1);
  const created = motoArn("policy", "whittle-denied");
  await assert.rejects(
    rollbackChange(limited(iam, 10, $("denied", "b")), record, store),
    (error: unknown) => {
      assert.ok(error instanceof RollbackError, String(error));
      assert.match(error.message, /not authorized to perform iam:AttachRolePolicy/);
      assert.ok(
        error.message.includes(
          `attached: ${$("denied", "a")}; not attached: ${$("denied", "b")}, ${$("denied", "c")}; managed policies it did not hold before, still attached: ${created}`,
        ),
        error.message,
      );
      return true;
    },
  );
  assert.equal((await rollbackChange(iam, await store.read(record.changeId), store)).status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "role", "denied"), roleBefore);
});
