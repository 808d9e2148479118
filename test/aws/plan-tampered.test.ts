import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
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
} from "@aws-sdk/client-iam";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import { PlanInputError } from "../../core/aws/plan-errors.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import {
  EC2_TRUST,
  GET_OBJECT,
  motoArn,
  planFor,
  READ_OBJECT,
  S3_ALL,
  used,
} from "../helpers/plan-fixture.js";

const EVERYTHING = {
  Version: "2012-10-17",
  Statement: [{ Sid: "All", Effect: "Allow", Action: ["*"], Resource: ["*"] }],
};

let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-tampered-"));
  const iam = moto.clients.iam;
  for (const name of ["old-app", "shared"])
    await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(S3_ALL) }));
  for (const role of ["app", "web", "batch"])
    await iam.send(
      new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST) }),
    );
  await iam.send(new AttachRolePolicyCommand({ RoleName: "app", PolicyArn: motoArn("policy", "old-app") }));
  for (const role of ["web", "batch"])
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: motoArn("policy", "shared") }));
  await iam.send(new CreatePolicyCommand({ PolicyName: "dev", PolicyDocument: JSON.stringify(S3_ALL) }));
  await iam.send(new CreateGroupCommand({ GroupName: "devs" }));
  await iam.send(new CreateUserCommand({ UserName: "ann" }));
  await iam.send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "ann" }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: "devs", PolicyArn: motoArn("policy", "dev") }));
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const result = planFor(
    snapshot,
    {
      [motoArn("role", "app")]: [GET_OBJECT],
      [motoArn("role", "web")]: [GET_OBJECT],
      [motoArn("role", "batch")]: [used("s3:PutObject", "arn:aws:s3:::b/y")],
      [motoArn("user", "ann")]: [GET_OBJECT],
    },
    [{ principalArn: motoArn("role", "app"), policies: [{ name: "whittle-app", document: READ_OBJECT }] }],
  );
  assert.deepEqual(result.failures, []);
  plans = result.plans;
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

const planOf = (type: Plan["target"]["type"], name: string) => {
  const plan = plans.find((p) => p.target.type === type && p.target.name === name);
  assert.ok(plan, `a plan for ${type} ${name}`);
  return structuredClone(plan);
};
const now = new Date(Date.UTC(2026, 10, 22));
const options = (plan: Plan) => ({
  changeId: changeIdFor(plan.id, now),
  now,
  store: new LocalBackupStore(backups),
});
const refusedAsWider = (error: unknown) => {
  assert.ok(error instanceof PlanInputError, String(error));
  assert.ok(!error.message.includes("\n"), error.message);
  assert.match(error.message, /cannot be proven again within what the principals they reach hold today/);
  return true;
};

test("a role's plan whose new policy was widened in the report after the audit is refused, changing nothing; the plan as audited applies", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("role", "app");
  const held = await readPrincipal(iam, "role", "app");
  const widened = structuredClone(plan);
  widened.create[0]!.document = EVERYTHING as Plan["create"][number]["document"];
  await assert.rejects(applyPlan(iam, widened, options(widened)), refusedAsWider);
  assert.deepEqual(await readPrincipal(iam, "role", "app"), held);
  assert.equal(await readPolicy(iam, motoArn("policy", "whittle-app")), undefined);
  assert.deepEqual(readdirSync(backups), [], "no backup is written for a refused plan");
  await applyPlan(iam, plan, options(plan));
  assert.deepEqual((await readPrincipal(iam, "role", "app"))?.attached, [motoArn("policy", "whittle-app")]);
});

test("a shared policy's plan whose new version was widened in the report after the audit is refused, changing nothing", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("policy", "shared");
  const held = await readPolicy(iam, motoArn("policy", "shared"));
  plan.create[0]!.document = EVERYTHING as Plan["create"][number]["document"];
  await assert.rejects(applyPlan(iam, plan, options(plan)), refusedAsWider);
  assert.deepEqual(await readPolicy(iam, motoArn("policy", "shared")), held);
});

test("a group's plan widened in the report, its members taken out of the plan's reading of IAM, is refused, changing nothing", async () => {
  const iam = moto.clients.iam;
  const plan = planOf("group", "devs");
  const held = await readPrincipal(iam, "group", "devs");
  plan.create[0]!.document = EVERYTHING as Plan["create"][number]["document"];
  delete plan.before.principals[0]!.members;
  await assert.rejects(applyPlan(iam, plan, options(plan)), (error: unknown) => {
    assert.ok(error instanceof PlanInputError, String(error));
    assert.match(error.message, /group devs's members are not in the plan's reading of IAM/);
    return true;
  });
  assert.deepEqual(await readPrincipal(iam, "group", "devs"), held);
});
