import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPrincipal } from "../../core/aws/iam-state.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planApplier } from "../helpers/plan-apply.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const EVERYTHING = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
// Roles allowed everything by their own policy, held to S3 by their permissions boundary.
const ROLES = ["app-1", "app-2", "app-3"];
const fence = (role: string) => motoArn("policy", `fence-${role}`);

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-boundary-"));
  const iam = moto.clients.iam;
  for (const RoleName of ROLES) {
    await iam.send(
      new CreatePolicyCommand({ PolicyName: `fence-${RoleName}`, PolicyDocument: json(S3_ALL) }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName,
        AssumeRolePolicyDocument: json(EC2_TRUST),
        PermissionsBoundary: fence(RoleName),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName, PolicyName: "all", PolicyDocument: json(EVERYTHING) }),
    );
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(snapshot, ROLES);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const apply = planApplier();
const applied = (role: string) => apply(moto.clients.iam, plans, backups, "role", role);

/** Rollback refuses matching `pattern`, and the role is as it was. */
async function assertRefused(role: string, record: Awaited<ReturnType<typeof applied>>, pattern: RegExp) {
  const iam = moto.clients.iam;
  const now = await readPrincipal(iam, "role", role);
  await assert.rejects(rollbackChange(iam, record.record, record.store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "role", role), now);
}

test("rollback refuses, changing nothing, to give back a role's replaced policies once its permissions boundary was removed", async () => {
  const change = await applied("app-1");
  await moto.clients.iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: "app-1" }));
  await assertRefused(
    "app-1",
    change,
    new RegExp(
      `role app-1 permissions boundary is none since ${change.record.changeId}, was ${fence("app-1")}`,
    ),
  );
});

test("rollback refuses, changing nothing, to give back a role's replaced policies once its boundary policy was rewritten", async () => {
  const change = await applied("app-2");
  await moto.clients.iam.send(
    new CreatePolicyVersionCommand({
      PolicyArn: fence("app-2"),
      PolicyDocument: json(EVERYTHING),
      SetAsDefault: true,
    }),
  );
  await assertRefused(
    "app-2",
    change,
    new RegExp(
      `role app-2 permissions boundary ${fence("app-2")} has another default document since ${change.record.changeId}`,
    ),
  );
});

test("a role's change under an unchanged boundary rolls back", async () => {
  const iam = moto.clients.iam;
  const before = await readPrincipal(iam, "role", "app-3");
  const { record, store } = await applied("app-3");
  assert.equal((await rollbackChange(iam, record, store)).status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "role", "app-3"), before);
});
