import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPolicy } from "../../core/aws/iam-state.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planApplier } from "../helpers/plan-apply.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-gone-"));
  const iam = moto.clients.iam;
  await iam.send(new CreatePolicyCommand({ PolicyName: "old-app", PolicyDocument: json(S3_ALL) }));
  await iam.send(new CreateRoleCommand({ RoleName: "app", AssumeRolePolicyDocument: json(EC2_TRUST) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: motoArn("policy", "old-app") }));
  await iam.send(
    new PutRolePolicyCommand({ RoleName: "app", PolicyName: "all", PolicyDocument: json(S3_ALL) }),
  );
  await iam.send(new CreatePolicyCommand({ PolicyName: "old-devs", PolicyDocument: json(S3_ALL) }));
  await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
  await iam.send(new CreateUserCommand({ UserName: "ann" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "ann" }));
  await iam.send(
    new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: motoArn("policy", "old-devs") }),
  );
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "all", PolicyDocument: json(S3_ALL) }),
  );
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(snapshot, ["app"], [motoArn("role", "app"), motoArn("user", "ann")]);
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const apply = planApplier();
const applied = (type: Plan["target"]["type"], name: string) =>
  apply(moto.clients.iam, plans, backups, type, name);

test("rollback refuses, changing nothing, when the role the change narrowed was deleted since", async () => {
  const iam = moto.clients.iam;
  const { record, store } = await applied("role", "app");
  const created = motoArn("policy", "whittle-app");
  // The role is retired: its policies detached and deleted, then the role itself.
  await iam.send(new DetachRolePolicyCommand({ RoleName: "app", PolicyArn: created }));
  await iam.send(new DeleteRoleCommand({ RoleName: "app" }));
  const policy = await readPolicy(iam, created);
  await assert.rejects(rollbackChange(iam, record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, new RegExp(`role app was deleted since ${record.changeId}`));
    return true;
  });
  assert.deepEqual(await readPolicy(iam, created), policy, "the policy the change created is left as it was");
  assert.equal((await store.read(record.changeId)).status, "applied");
});

test("rollback refuses, changing nothing, when the group the change narrowed was deleted since", async () => {
  const iam = moto.clients.iam;
  const { record, store } = await applied("group", "devs");
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: "devs", UserName: "ann" }));
  for (const arn of record.creates)
    await iam.send(new DetachGroupPolicyCommand({ GroupName: "devs", PolicyArn: arn }));
  for (const p of record.plan.create)
    if (!record.plan.deleteInline.includes(p.name))
      await iam
        .send(new DeleteGroupPolicyCommand({ GroupName: "devs", PolicyName: p.name }))
        .catch(() => undefined);
  await iam.send(new DeleteGroupCommand({ GroupName: "devs" }));
  const policies = await Promise.all(record.creates.map((arn) => readPolicy(iam, arn)));
  await assert.rejects(rollbackChange(iam, record, store), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, new RegExp(`group devs was deleted since ${record.changeId}`));
    return true;
  });
  assert.deepEqual(await Promise.all(record.creates.map((arn) => readPolicy(iam, arn))), policies);
});
