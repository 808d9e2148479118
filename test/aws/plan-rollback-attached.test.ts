import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
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
const AGENT = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";
const ROLES = ["app-1", "app-2", "app-3"];

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-attached-"));
  const iam = moto.clients.iam;
  for (const RoleName of ROLES) {
    await iam.send(new CreatePolicyCommand({ PolicyName: `old-${RoleName}`, PolicyDocument: json(S3_ALL) }));
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
    await iam.send(
      new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", `old-${RoleName}`) }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "all", PolicyDocument: json(S3_ALL) }));
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

test("rollback refuses, changing nothing, to detach a managed policy attached to the role since the change", async () => {
  const iam = moto.clients.iam;
  const { record, store } = await applied("app-1");
  // A new job of the role, given its access after the change.
  await iam.send(new AttachRolePolicyCommand({ RoleName: "app-1", PolicyArn: AGENT }));
  const since = await readPrincipal(iam, "role", "app-1");
  await assert.rejects(rollbackChange(iam, record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, new RegExp(`role app-1 has ${AGENT} attached since ${record.changeId}`));
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "role", "app-1"), since);
});

test("rollback restores a role whose replaced policy was attached again since", async () => {
  const iam = moto.clients.iam;
  const before = await readPrincipal(iam, "role", "app-2");
  const { record, store } = await applied("app-2");
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: "app-2", PolicyArn: motoArn("policy", "old-app-2") }),
  );
  assert.equal((await rollbackChange(iam, record, store)).status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "role", "app-2"), before);
});
