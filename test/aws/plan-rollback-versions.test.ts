import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import { RollbackRefusedError } from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planApplier } from "../helpers/plan-apply.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const LOGS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] };

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-versions-"));
  const iam = moto.clients.iam;
  // Role app holds its own policy old, which its plan detaches; shared is held by two roles.
  await iam.send(new CreatePolicyCommand({ PolicyName: "old", PolicyDocument: json(S3_ALL) }));
  await iam.send(new CreatePolicyCommand({ PolicyName: "shared", PolicyDocument: json(S3_ALL) }));
  for (const RoleName of ["app", "web", "batch"])
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: motoArn("policy", "old") }));
  for (const RoleName of ["web", "batch"])
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", "shared") }));
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(
    snapshot,
    ["app"],
    ["app", "web", "batch"].map((r) => motoArn("role", r)),
  );
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const apply = planApplier();
const applied = (type: Plan["target"]["type"], name: string) =>
  apply(moto.clients.iam, plans, backups, type, name);

test("a role's change is rolled back when an old version of the policy it detached was deleted since", async () => {
  const iam = moto.clients.iam;
  const old = motoArn("policy", "old");
  // A version beside the default, kept for a while, then cleaned up once the change was made.
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: old, PolicyDocument: json(LOGS) }));
  const before = await readPrincipal(iam, "role", "app");
  const { record, store } = await applied("role", "app");
  assert.deepEqual(
    record.before.policies[0]?.versions.map((v) => v.versionId),
    ["v1", "v2"],
  );
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: old, VersionId: "v2" }));
  const restored = await rollbackChange(iam, record, store, { sleep: async () => {} });
  assert.equal(restored.status, "rolled-back");
  assert.deepEqual(await readPrincipal(iam, "role", "app"), before);
  assert.equal((await readPolicy(iam, old))?.defaultVersionId, "v1");
  assert.equal(await readPolicy(iam, motoArn("policy", "whittle-app")), undefined);
});

test("rollback refuses, changing nothing, when the version a policy's change replaced as default was deleted since", async () => {
  const iam = moto.clients.iam;
  const shared = motoArn("policy", "shared");
  const { record, store } = await applied("policy", "shared");
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: shared, VersionId: "v1" }));
  const since = await readPolicy(iam, shared);
  await assert.rejects(rollbackChange(iam, record, store, { sleep: async () => {} }), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(
      error.message,
      new RegExp(`${shared} version v1, its default before ${record.changeId}, was deleted since`),
    );
    return true;
  });
  assert.deepEqual(await readPolicy(iam, shared), since);
});
