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
  SetDefaultPolicyVersionCommand,
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
const LOGS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] };

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-others-versions-"));
  const iam = moto.clients.iam;
  await iam.send(new CreatePolicyCommand({ PolicyName: "shared", PolicyDocument: json(S3_ALL) }));
  for (const RoleName of ["web", "batch"]) {
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", "shared") }));
  }
  // Role app holds old, beside role api; old has a second version, not its default.
  await iam.send(new CreatePolicyCommand({ PolicyName: "old", PolicyDocument: json(S3_ALL) }));
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: motoArn("policy", "old"), PolicyDocument: json(LOGS) }),
  );
  for (const RoleName of ["app", "api"]) {
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", "old") }));
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  plans = plansFor(
    snapshot,
    ["app"],
    ["web", "batch", "app", "api"].map((r) => motoArn("role", r)),
  );
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const apply = planApplier();

test("rollback refuses, changing nothing, to delete a policy's one new version when its document is not the one the change wrote", async () => {
  const iam = moto.clients.iam;
  const shared = motoArn("policy", "shared");
  const { record, store } = await apply(iam, plans, backups, "policy", "shared");
  // Someone replaced the change's version with one of their own: still one version more than before.
  await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: shared, PolicyDocument: json(LOGS), SetAsDefault: true }),
  );
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: shared, VersionId: "v2" }));
  const since = await readPolicy(iam, shared);
  await assert.rejects(rollbackChange(iam, record, store, { sleep: async () => {} }), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, /v3/);
    return true;
  });
  assert.deepEqual(await readPolicy(iam, shared), since);
});

test("rollback refuses, changing nothing, to set back the default version of a policy the change detached, moved since by someone else", async () => {
  const iam = moto.clients.iam;
  const old = motoArn("policy", "old");
  const { record, store } = await apply(iam, plans, backups, "role", "app");
  // Role api still holds old: its owner moves old's default, which the change never wrote.
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: old, VersionId: "v2" }));
  const since = await readPolicy(iam, old);
  await assert.rejects(rollbackChange(iam, record, store, { sleep: async () => {} }), (error: unknown) => {
    assert.ok(error instanceof RollbackRefusedError, String(error));
    assert.match(error.message, /default version is v2, was v1/);
    return true;
  });
  assert.deepEqual(await readPolicy(iam, old), since);
});
