import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  type IAMClient,
  LimitExceededException,
  ListAttachedUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { type Iam, readPrincipal } from "../../core/aws/iam-state.js";
import { VISIBILITY_DELAYS_MS } from "../../core/aws/iam-visibility.js";
import { applyPlan } from "../../core/aws/plan-apply.js";
import {
  AppliedUnrecordedError,
  ApplyFailedError,
  AttachQuotaError,
  ChangeExistsError,
  PlanDriftError,
  RollbackError,
} from "../../core/aws/plan-errors.js";
import { rollbackChange } from "../../core/aws/plan-rollback.js";
import { S3BackupStore } from "../../core/aws/s3-backup-store.js";
import { type BackupStore, type ChangeRecord, changeIdFor } from "../../core/engine/plans/change.js";
import { decodePolicyDocument } from "../../core/engine/policy/decode.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { LocalBackupStore } from "../../core/node/backup-files.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { EC2_TRUST, MOTO_ACCOUNT, motoArn, planFor, S3_ALL, used } from "../helpers/plan-fixture.js";

const json = (document: unknown) => JSON.stringify(document);
const LOGS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] };
const GET = used("s3:GetObject", "arn:aws:s3:::a/x");
const mine = (name: string) => ({
  Version: "2012-10-17" as const,
  Statement: [
    { Effect: "Allow" as const, Action: ["s3:GetObject"], Sid: `S3${name}`, Resource: ["arn:aws:s3:::a/x"] },
  ],
});

/**
 * A small account, one copy per test (suffix `-n`: moto's reset reloads every AWS managed policy,
 * seconds each time): a user with its own and group policies, a role, a group, a shared policy.
 */
async function seed(iam: IAMClient, n: number): Promise<void> {
  const $ = (name: string) => `${name}-${n}`;
  for (const name of ["shared", "ann-extra", "dev-policy"])
    await iam.send(new CreatePolicyCommand({ PolicyName: $(name), PolicyDocument: json(S3_ALL) }));
  for (const user of ["ann", "ben"]) await iam.send(new CreateUserCommand({ UserName: $(user) }));
  await iam.send(new CreateRoleCommand({ RoleName: $("app"), AssumeRolePolicyDocument: json(EC2_TRUST) }));
  await iam.send(new CreateGroupCommand({ GroupName: $("devs") }));
  for (const user of ["ann", "ben"])
    await iam.send(new AddUserToGroupCommand({ GroupName: $("devs"), UserName: $(user) }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: $("ann"), PolicyName: "all", PolicyDocument: json(S3_ALL) }),
  );
  await iam.send(
    new AttachUserPolicyCommand({ UserName: $("ann"), PolicyArn: motoArn("policy", $("ann-extra")) }),
  );
  await iam.send(
    new AttachUserPolicyCommand({ UserName: $("ben"), PolicyArn: motoArn("policy", $("shared")) }),
  );
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: $("app"), PolicyArn: motoArn("policy", $("shared")) }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: $("app"), PolicyName: "logs", PolicyDocument: json(LOGS) }),
  );
  await iam.send(
    new AttachGroupPolicyCommand({ GroupName: $("devs"), PolicyArn: motoArn("policy", $("dev-policy")) }),
  );
  await iam.send(
    new PutGroupPolicyCommand({ GroupName: $("devs"), PolicyName: "home", PolicyDocument: json(LOGS) }),
  );
}

/** Every field GetAccountAuthorizationDetails shows of the account's users, roles, groups and own policies. */
async function accountState(iam: IAMClient): Promise<unknown> {
  // Without AWS managed policies: moto loads about 1,300 of them, and they are not changed here.
  const page = await iam.send(
    new GetAccountAuthorizationDetailsCommand({ Filter: ["User", "Role", "Group", "LocalManagedPolicy"] }),
  );
  assert.equal(page.IsTruncated ?? false, false);
  const decode = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(decode);
    if (value instanceof Date) return value.toISOString();
    if (!value || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, /Document$/.test(k) ? decodePolicyDocument(v) : decode(v)]),
    );
  };
  const all = (key: "UserDetailList" | "RoleDetailList" | "GroupDetailList" | "Policies") =>
    ((page[key] ?? []) as unknown[]).map(decode);
  return {
    users: all("UserDetailList"),
    roles: all("RoleDetailList"),
    groups: all("GroupDetailList"),
    policies: all("Policies"),
  };
}

const COPIES = 43;
let moto: MotoServer;
let backups: string;
let plans: Plan[];
before(async () => {
  moto = await startMoto();
  backups = mkdtempSync(join(tmpdir(), "whittle-changes-"));
  for (let n = 1; n <= COPIES; n++) await seed(moto.clients.iam, n);
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const copies = Array.from({ length: COPIES }, (_, i) => i + 1);
  const observed = copies.flatMap((n) => [
    motoArn("user", `ann-${n}`),
    motoArn("user", `ben-${n}`),
    motoArn("role", `app-${n}`),
  ]);
  const result = planFor(
    snapshot,
    Object.fromEntries(observed.map((a) => [a, [GET]])),
    copies.flatMap((n) => [
      {
        principalArn: motoArn("user", `ann-${n}`),
        policies: [{ name: `whittle-ann-${n}`, document: mine("ann") }],
      },
      {
        principalArn: motoArn("role", `app-${n}`),
        policies: [{ name: `whittle-app-${n}`, document: mine("app") }],
      },
    ]),
  );
  assert.deepEqual(result.failures, []);
  plans = result.plans;
});
after(async () => {
  await moto.stop();
  rmSync(backups, { recursive: true, force: true });
});

let copy = 0;
/** The next test's own copy of the account: its name suffix and its plans. */
function nextCopy() {
  const n = ++copy;
  assert.ok(n <= COPIES, "seed more copies");
  const planOf = (type: Plan["target"]["type"], name: string) => {
    const plan = plans.find((p) => p.target.type === type && p.target.name === `${name}-${n}`);
    assert.ok(plan, `a plan for ${type} ${name}-${n}`);
    return plan;
  };
  return { planOf, $: (name: string) => `${name}-${n}` };
}

/** The copy's user ann holds the plan's one new managed policy, and nothing else. */
async function assertOnlyNewPolicy(iam: IAMClient, $: (name: string) => string): Promise<void> {
  const state = (await accountState(iam)) as {
    users: {
      UserName: string;
      UserPolicyList?: unknown[];
      AttachedManagedPolicies: { PolicyName: string }[];
    }[];
  };
  const ann = state.users.find((u) => u.UserName === $("ann"))!;
  assert.deepEqual(
    ann.AttachedManagedPolicies.map((p) => p.PolicyName),
    [$("whittle-ann")],
  );
  assert.deepEqual(ann.UserPolicyList ?? [], []);
}

let changes = 0;
const options = () => ({
  changeId: `change-${++changes}`,
  now: new Date("2026-11-22T00:00:00Z"),
  store: new LocalBackupStore(backups),
});

describe("apply then rollback leaves IAM exactly as it was", () => {
  for (const [type, name] of [
    ["user", "ann"],
    ["role", "app"],
    ["group", "devs"],
    ["policy", "shared"],
  ] as const) {
    test(`${type} ${name}`, async () => {
      const iam = moto.clients.iam;
      const plan = nextCopy().planOf(type, name);
      const before = await accountState(iam);
      const opts = options();
      const record = await applyPlan(iam, plan, opts);
      assert.equal(record.status, "applied");
      const applied = await accountState(iam);
      assert.notDeepEqual(applied, before, "the change reached IAM");
      const restored = await rollbackChange(iam, await opts.store.read(record.changeId), opts.store);
      assert.equal(restored.status, "rolled-back");
      assert.deepEqual(await accountState(iam), before);
    });
  }

  test("the applied user holds only the new policy, with the planned document", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    await applyPlan(iam, planOf("user", "ann"), options());
    await assertOnlyNewPolicy(iam, $);
  });
});

describe("apply refuses and fails safely", () => {
  test("refuses, changing nothing, when the target's policies changed since the audit", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("role", "app");
    await iam.send(
      new PutRolePolicyCommand({ RoleName: $("app"), PolicyName: "logs", PolicyDocument: json(S3_ALL) }),
    );
    const before = await accountState(iam);
    await assert.rejects(applyPlan(iam, plan, options()), (error: unknown) => {
      assert.ok(error instanceof PlanDriftError);
      assert.match(error.message, /inline policy logs has a different document/);
      return true;
    });
    assert.deepEqual(await accountState(iam), before);
  });

  test("refuses when a shared policy was attached to one more principal", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("policy", "shared");
    await iam.send(
      new AttachGroupPolicyCommand({ GroupName: $("devs"), PolicyArn: motoArn("policy", $("shared")) }),
    );
    await assert.rejects(
      applyPlan(iam, plan, options()),
      new RegExp(`attachments: group/${$("devs")} added`),
    );
  });

  test("refuses a policy's plan when a role holding it was deleted and made again under its name, with the same policies", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("policy", "shared");
    const RoleName = $("app");
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", $("shared")) }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: "logs" }));
    await iam.send(new DeleteRoleCommand({ RoleName }));
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: json(EC2_TRUST) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", $("shared")) }));
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: "logs", PolicyDocument: json(LOGS) }));
    await assert.rejects(
      applyPlan(iam, plan, options()),
      new RegExp(`role/${RoleName} was deleted and made again since the audit`),
    );
  });

  test("refuses a group's plan when a member was deleted and made again under its name, with the same policies", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("group", "devs");
    const UserName = $("ben");
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: motoArn("policy", $("shared")) }));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: $("devs"), UserName }));
    await iam.send(new DeleteUserCommand({ UserName }));
    await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(new AddUserToGroupCommand({ GroupName: $("devs"), UserName }));
    await iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: motoArn("policy", $("shared")) }));
    await assert.rejects(
      applyPlan(iam, plan, options()),
      new RegExp(`user/${UserName} was deleted and made again since the audit`),
    );
  });

  test("refuses when a user joined a group since the audit: its plan was proven beside its groups", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("user", "ann");
    assert.deepEqual(plan.before.principals[0]?.groups, [$("devs")]);
    await iam.send(new CreateGroupCommand({ GroupName: $("admins") }));
    await iam.send(new AddUserToGroupCommand({ GroupName: $("admins"), UserName: $("ann") }));
    const before = await accountState(iam);
    await assert.rejects(applyPlan(iam, plan, options()), (error: unknown) => {
      assert.ok(error instanceof PlanDriftError);
      assert.match(error.message, new RegExp(`user ${$("ann")} groups: ${$("admins")} added`));
      return true;
    });
    assert.deepEqual(await accountState(iam), before);
  });

  test("refuses when a group of the user gained a policy since the audit: its plan was proven beside it", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("user", "ann");
    await iam.send(
      new PutGroupPolicyCommand({ GroupName: $("devs"), PolicyName: "home", PolicyDocument: json(S3_ALL) }),
    );
    const before = await accountState(iam);
    await assert.rejects(applyPlan(iam, plan, options()), (error: unknown) => {
      assert.ok(error instanceof PlanDriftError);
      assert.match(
        error.message,
        new RegExp(`group ${$("devs")} inline policy home has a different document`),
      );
      return true;
    });
    assert.deepEqual(await accountState(iam), before);
  });

  for (const failAt of [1, 2, 3, 4]) {
    test(`a failure at IAM write ${failAt} rolls back what was done`, async () => {
      const iam = moto.clients.iam;
      const plan = nextCopy().planOf("user", "ann");
      const before = await accountState(iam);
      let writes = 0;
      const failing: Pick<IAMClient, "send"> = {
        send: ((command: { constructor: { name: string } }) => {
          if (!/^(Get|List)/.test(command.constructor.name) && ++writes === failAt)
            return Promise.reject(new Error(`injected failure at ${command.constructor.name}`));
          return iam.send(command as never);
        }) as IAMClient["send"],
      };
      await assert.rejects(applyPlan(failing, plan, options()), (error: unknown) => {
        assert.ok(error instanceof ApplyFailedError, String(error));
        assert.ok(error.rolledBack);
        assert.match(error.message, /injected failure/);
        return true;
      });
      assert.deepEqual(await accountState(iam), before);
    });
  }
});

test("rollback refuses, changing nothing, when a policy the change created is attached elsewhere since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("user", "ann"), opts);
  await iam.send(
    new AttachUserPolicyCommand({ UserName: $("ben"), PolicyArn: motoArn("policy", $("whittle-ann")) }),
  );
  const before = await accountState(iam);
  await assert.rejects(rollbackChange(iam, record, opts.store), (error: unknown) => {
    assert.ok(error instanceof RollbackError, String(error));
    assert.match(error.message, new RegExp(`is now attached to user/${$("ben")} too`));
    return true;
  });
  assert.deepEqual(await accountState(iam), before, "ben keeps it; ann is not restored halfway");
});

/**
 * IAM that counts and lists `holder` as bounded by `policy`, as AWS answers GetPolicy and
 * ListEntitiesForPolicy with PolicyUsageFilter PermissionsBoundary (moto does neither).
 */
function boundedBy(iam: IAMClient, policy: string, holder: string): Iam {
  return {
    send: (async (command: Command) => {
      const input = command.input as { PolicyArn?: string; PolicyUsageFilter?: string };
      if (input.PolicyArn === policy && command.constructor.name === "GetPolicyCommand") {
        const out = (await iam.send(command as never)) as { Policy: object };
        return { ...out, Policy: { ...out.Policy, PermissionsBoundaryUsageCount: 1 } };
      }
      if (input.PolicyArn === policy && input.PolicyUsageFilter === "PermissionsBoundary")
        return { PolicyUsers: [{ UserName: holder }], PolicyRoles: [], PolicyGroups: [], IsTruncated: false };
      return iam.send(command as never);
    }) as Iam["send"],
  };
}

test("rollback refuses, changing nothing, when a policy the change created bounds a principal since", async () => {
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(moto.clients.iam, planOf("user", "ann"), opts);
  // ben is bounded by it since, as IAM reports it: moto neither counts nor lists boundary use.
  const created = motoArn("policy", $("whittle-ann"));
  const before = await accountState(moto.clients.iam);
  // IAM would refuse to delete it after ann's policies were restored: the rollback would stop halfway.
  await assert.rejects(
    rollbackChange(boundedBy(moto.clients.iam, created, $("ben")), record, opts.store),
    (error: unknown) => {
      assert.ok(error instanceof RollbackError, String(error));
      assert.match(
        error.message,
        new RegExp(`is now the permissions boundary of user/${$("ben")}; remove it there first`),
      );
      return true;
    },
  );
  assert.deepEqual(await accountState(moto.clients.iam), before, "ann is not restored halfway");
});

test("rollback restores the change whoever joined a group or took up a detached policy since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const before = await accountState(iam);
  const opts = options();
  const record = await applyPlan(iam, planOf("user", "ann"), opts);
  await iam.send(new CreateGroupCommand({ GroupName: $("admins") }));
  await iam.send(new AddUserToGroupCommand({ GroupName: $("admins"), UserName: $("ann") }));
  await iam.send(
    new AttachRolePolicyCommand({ RoleName: $("app"), PolicyArn: motoArn("policy", $("ann-extra")) }),
  );
  const since = (await accountState(iam)) as { users: { UserName: string }[] };
  const restored = await rollbackChange(iam, record, opts.store);
  assert.equal(restored.status, "rolled-back");
  const after = (await accountState(iam)) as typeof since;
  const ann = (state: typeof since) => state.users.find((u) => u.UserName === $("ann"));
  assert.notDeepEqual(ann(after), ann(since), "ann's own policies are restored");
  assert.deepEqual(ann(after), { ...ann(before as typeof since), GroupList: [$("devs"), $("admins")] });
});

describe("rollback refuses, changing nothing, to delete or overwrite an inline policy written since the change", () => {
  test("an inline policy put on the user since", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const opts = options();
    const record = await applyPlan(iam, planOf("user", "ann"), opts);
    await iam.send(
      new PutUserPolicyCommand({ UserName: $("ann"), PolicyName: "hotfix", PolicyDocument: json(LOGS) }),
    );
    const since = await accountState(iam);
    await assert.rejects(rollbackChange(iam, record, opts.store), (error: unknown) => {
      assert.ok(error instanceof RollbackError, String(error));
      assert.match(error.message, new RegExp(`user ${$("ann")} inline policy hotfix was added`));
      return true;
    });
    assert.deepEqual(await accountState(iam), since, "hotfix's document is not lost");
  });

  test("an inline policy the change deleted, put back since with another document", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const opts = options();
    const record = await applyPlan(iam, planOf("role", "app"), opts);
    await iam.send(
      new PutRolePolicyCommand({ RoleName: $("app"), PolicyName: "logs", PolicyDocument: json(S3_ALL) }),
    );
    const since = await accountState(iam);
    await assert.rejects(rollbackChange(iam, record, opts.store), (error: unknown) => {
      assert.ok(error instanceof RollbackError, String(error));
      assert.match(error.message, new RegExp(`role ${$("app")} inline policy logs was rewritten`));
      return true;
    });
    assert.deepEqual(await accountState(iam), since);
  });
});

describe("rollback refuses, changing nothing, to delete a policy version the change did not write", () => {
  for (const [type, name, policy] of [
    ["user", "ann", "ann-extra"],
    ["policy", "shared", "shared"],
    ["user", "ann", "whittle-ann"],
  ] as const)
    test(`${type} ${name}, then a new default version of ${policy}`, async () => {
      const iam = moto.clients.iam;
      const { planOf, $ } = nextCopy();
      const opts = options();
      const record = await applyPlan(iam, planOf(type, name), opts);
      await iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: motoArn("policy", $(policy)),
          PolicyDocument: json(LOGS),
          SetAsDefault: true,
        }),
      );
      const before = await accountState(iam);
      await assert.rejects(rollbackChange(iam, record, opts.store), (error: unknown) => {
        assert.ok(error instanceof RollbackError, String(error));
        assert.match(error.message, /did not (all )?write/);
        return true;
      });
      assert.deepEqual(await accountState(iam), before);
    });
});

test("rollback refuses, changing nothing, when a policy the change detached was deleted since", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(iam, planOf("user", "ann"), opts);
  // Detached by the change, it looked unused, and was cleaned up.
  await iam.send(new DeletePolicyCommand({ PolicyArn: motoArn("policy", $("ann-extra")) }));
  const since = await accountState(iam);
  await assert.rejects(rollbackChange(iam, record, opts.store), (error: unknown) => {
    assert.ok(error instanceof RollbackError, String(error));
    assert.match(error.message, new RegExp(`${$("ann-extra")} no longer exists, so it cannot be restored`));
    return true;
  });
  assert.deepEqual(await accountState(iam), since);
});

test("rollback refuses, changing nothing, a change of another account whose names these credentials also reach", async () => {
  const { planOf, $ } = nextCopy();
  const opts = options();
  const record = await applyPlan(moto.clients.iam, planOf("user", "ann"), opts);
  // A StackSet makes the same user in every account: these credentials reach another account's.
  const elsewhere: Iam = {
    send: (async (command: Command) => {
      const out = (await moto.clients.iam.send(command as never)) as { User?: { Arn?: string } };
      if (command.constructor.name !== "GetUserCommand" || !out.User) return out;
      return { ...out, User: { ...out.User, Arn: out.User.Arn?.replace(MOTO_ACCOUNT, "210987654321") } };
    }) as Iam["send"],
  };
  const since = await accountState(moto.clients.iam);
  await assert.rejects(rollbackChange(elsewhere, record, opts.store), (error: unknown) => {
    assert.ok(error instanceof RollbackError, String(error));
    assert.match(
      error.message,
      new RegExp(`these credentials reach arn:aws:iam::210987654321:user/${$("ann")}`),
    );
    return true;
  });
  assert.deepEqual(await accountState(moto.clients.iam), since);
  assert.equal((await opts.store.read(record.changeId)).status, "applied");
});

test("rolling back a rolled-back change again verifies it, and undoes no later apply of the plan", async () => {
  const iam = moto.clients.iam;
  const plan = nextCopy().planOf("user", "ann");
  const first = options();
  await applyPlan(iam, plan, first);
  const rolledBack = await rollbackChange(iam, await first.store.read(first.changeId), first.store);
  assert.deepEqual(
    await rollbackChange(iam, rolledBack, first.store),
    rolledBack,
    "verified, nothing redone",
  );
  await applyPlan(iam, plan, options());
  const reapplied = await accountState(iam);
  await assert.rejects(rollbackChange(iam, rolledBack, first.store), (error: unknown) => {
    assert.ok(error instanceof RollbackError, String(error));
    assert.match(error.message, /rolled back already, and IAM has changed since/);
    return true;
  });
  assert.deepEqual(await accountState(iam), reapplied);
});

test("an apply whose backup cannot be marked applied says the change is applied, and its backup still undoes it", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const before = await accountState(iam);
  const opts = options();
  const store = withStore(opts.store, {
    write: (record) =>
      record.status === "applied" ? Promise.reject(new Error("disk full")) : opts.store.write(record),
  });
  await assert.rejects(applyPlan(iam, planOf("user", "ann"), { ...opts, store }), (error: unknown) => {
    assert.ok(error instanceof AppliedUnrecordedError, String(error));
    assert.match(
      error.message,
      /applied and verified, but its backup could not be marked applied \(Error: disk full\)/,
    );
    assert.match(error.message, new RegExp(`whittle rollback ${opts.changeId} undoes it`));
    return true;
  });
  await assertOnlyNewPolicy(iam, $);
  await rollbackChange(iam, await opts.store.read(opts.changeId), opts.store);
  assert.deepEqual(await accountState(iam), before);
});

test("a change cut short before its first IAM write leaves IAM as the audit saw it, and the plan applies again", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const plan = planOf("user", "ann");
  const opts = options();
  // The first write fails, and the process dies before its rollback is recorded.
  const dying: Pick<IAMClient, "send"> = {
    send: ((command: Command) =>
      isRead(command)
        ? iam.send(command as never)
        : Promise.reject(new Error("interrupted"))) as IAMClient["send"],
  };
  const store = withStore(opts.store, {
    write: (record) =>
      record.status === "backed-up" ? opts.store.write(record) : Promise.reject(new Error("killed")),
  });
  const cut = changeIdFor(plan.id, new Date("2026-11-22T00:00:00Z"));
  await assert.rejects(applyPlan(dying, plan, { ...opts, changeId: cut, store }));
  assert.equal((await opts.store.read(cut)).status, "backed-up");
  const changeId = changeIdFor(plan.id, new Date("2026-11-22T00:01:00Z"));
  const record = await applyPlan(iam, plan, { ...opts, changeId });
  assert.equal(record.status, "applied");
  await assertOnlyNewPolicy(iam, $);
});

test("a backup location that may be written and read but not listed still takes the change of an unchanged plan", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const store = unlisted(opts.store);
  const record = await applyPlan(iam, planOf("user", "ann"), { ...opts, store });
  assert.equal(record.status, "applied");
  await assertOnlyNewPolicy(iam, $);
});

test("a drifted plan whose backup location cannot be listed is refused as drift", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const opts = options();
  const store = unlisted(opts.store);
  await iam.send(
    new PutUserPolicyCommand({
      UserName: $("ann"),
      PolicyName: "added",
      PolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }],
      }),
    }),
  );
  await assert.rejects(applyPlan(iam, planOf("user", "ann"), { ...opts, store }), PlanDriftError);
});

test("change records round-trip through an S3 backup store", async () => {
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "whittle-changes" }));
  const store = new S3BackupStore(moto.clients.s3, "s3://whittle-changes/account/");
  const iam = moto.clients.iam;
  const before = await accountState(iam);
  const plan = nextCopy().planOf("group", "devs");
  const changeId = changeIdFor(plan.id, new Date("2026-11-22T00:00:00Z"));
  const record = await applyPlan(iam, plan, { ...options(), changeId, store });
  const read = await store.read(record.changeId);
  assert.deepEqual(read, record);
  assert.deepEqual(await store.changesOf(record.planId), [record.changeId]);
  await rollbackChange(iam, read, store);
  assert.equal((await store.read(record.changeId)).status, "rolled-back");
  assert.deepEqual(await accountState(iam), before);
});

for (const [where, storeIn] of [
  ["a backup folder", () => Promise.resolve(new LocalBackupStore(backups))],
  [
    "an S3 backup location",
    async () => {
      await moto.clients.s3.send(new CreateBucketCommand({ Bucket: "whittle-same-second" }));
      return new S3BackupStore(moto.clients.s3, "s3://whittle-same-second/account/");
    },
  ],
] as const)
  test(`a second apply of a plan in the same second refuses, keeping the first's backup in ${where}`, async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("user", "ann");
    const before = await accountState(iam);
    const store = await storeIn();
    const now = new Date("2026-11-22T00:00:00Z");
    const changeId = changeIdFor(plan.id, now);
    // The first apply has checked IAM and written its backup; the second runs whole before its first write.
    let second: Promise<ChangeRecord> | undefined;
    const first: Iam = {
      send: (async (command: Command) => {
        if (!isRead(command) && !second) {
          second = applyPlan(iam, plan, { changeId, now, store });
          await second.catch(() => undefined);
        }
        return iam.send(command as never);
      }) as IAMClient["send"],
    };
    const record = await applyPlan(first, plan, { changeId, now, store });
    await assert.rejects(second!, (error: unknown) => {
      assert.ok(error instanceof ChangeExistsError, String(error));
      assert.ok(!error.message.includes("\n"), error.message);
      assert.match(
        error.message,
        new RegExp(`change ${changeId} already has a backup in .*nothing was changed`),
      );
      return true;
    });
    assert.equal(record.status, "applied");
    assert.deepEqual(await store.read(changeId), record);
    await assertOnlyNewPolicy(iam, $);
    await rollbackChange(iam, await store.read(changeId), store);
    assert.deepEqual(await accountState(iam), before);
  });

test("a user's plan and its group's plan applied at once: the one that finds the other's change beside it is rolled back", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  const user = planOf("user", "ann");
  const group = planOf("group", "devs");
  assert.ok(
    user.before.kept?.principals.some((p) => p.type === "group" && p.name === $("devs")),
    "the user's plan is proven beside its group's policies",
  );
  const annBefore = await readPrincipal(iam, "user", $("ann"));
  // The user's plan has passed its check; the group's checks, applies and verifies before its first write.
  let groupApply: Promise<ChangeRecord> | undefined;
  const racing: Iam = {
    send: (async (command: Command) => {
      if (!isRead(command) && !groupApply) {
        groupApply = applyPlan(iam, group, options());
        await groupApply.catch(() => undefined);
      }
      return iam.send(command as never);
    }) as IAMClient["send"],
  };
  await assert.rejects(applyPlan(racing, user, options()), (error: unknown) => {
    assert.ok(error instanceof ApplyFailedError, String(error));
    assert.equal(error.rolledBack, true);
    assert.match(
      error.message,
      new RegExp(`proven beside changed while it was applied \\(.*group ${$("devs")}.*\\): audit again`),
    );
    return true;
  });
  assert.equal((await groupApply!).status, "applied");
  assert.deepEqual(await readPrincipal(iam, "user", $("ann")), annBefore);
  assert.deepEqual(
    (await readPrincipal(iam, "group", $("devs")))?.attached,
    group.create.map((c) => motoArn("policy", c.name)),
  );
});

/** `store` with some of its calls replaced, as a failing disk or bucket would answer them. */
const withStore = (store: BackupStore, replaced: Partial<BackupStore>): BackupStore => ({
  description: store.description,
  read: (id) => store.read(id),
  create: (record) => store.create(record),
  write: (record) => store.write(record),
  changesOf: (planId) => store.changesOf(planId),
  ...replaced,
});

/** A bucket policy granting s3:GetObject and s3:PutObject, not s3:ListBucket. */
const unlisted = (store: BackupStore) =>
  withStore(store, {
    changesOf: () => Promise.reject(Object.assign(new Error("Access Denied"), { name: "AccessDenied" })),
  });

type Command = { constructor: { name: string }; input: unknown };
const isRead = (command: Command) => /^(Get|List)/.test(command.constructor.name);

/**
 * IAM whose reads lag its writes, as IAM's eventual consistency allows: after the first write, the
 * first `lag` reads of each request answer as that request did before any write.
 */
function lagging(iam: IAMClient, lag: number): Iam {
  const answers = new Map<string, Promise<unknown>>();
  const replayed = new Map<string, number>();
  let written = false;
  return {
    send: ((command: Command) => {
      const key = `${command.constructor.name} ${JSON.stringify(command.input)}`;
      if (!isRead(command)) written = true;
      else if (!written) {
        const answer = iam.send(command as never) as Promise<unknown>;
        answers.set(key, answer);
        return answer;
      } else if (answers.has(key) && (replayed.get(key) ?? 0) < lag) {
        replayed.set(key, (replayed.get(key) ?? 0) + 1);
        return answers.get(key);
      }
      return iam.send(command as never);
    }) as Iam["send"],
  };
}

describe("apply reads again a change IAM does not show yet", () => {
  test("a change the first two readings do not show is verified on the third, and stays applied", async () => {
    const { planOf, $ } = nextCopy();
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const record = await applyPlan(lagging(moto.clients.iam, 2), planOf("user", "ann"), {
      ...options(),
      sleep,
    });
    assert.equal(record.status, "applied");
    assert.deepEqual(waits, VISIBILITY_DELAYS_MS.slice(0, 2));
    const state = (await accountState(moto.clients.iam)) as {
      users: { UserName: string; AttachedManagedPolicies: { PolicyName: string }[] }[];
    };
    const ann = state.users.find((u) => u.UserName === $("ann"))!;
    assert.deepEqual(
      ann.AttachedManagedPolicies.map((p) => p.PolicyName),
      [$("whittle-ann")],
    );
  });

  test("a write IAM never shows fails the apply once the waits run out, and is rolled back", async () => {
    const iam = moto.clients.iam;
    const plan = nextCopy().planOf("user", "ann");
    const before = await accountState(iam);
    // The apply's detach is answered but lost: the old policy stays attached, as if not visible yet.
    let lost = false;
    const losing: Iam = {
      send: ((command: Command) => {
        if (command.constructor.name !== "DetachUserPolicyCommand" || lost) return iam.send(command as never);
        lost = true;
        return Promise.resolve({});
      }) as Iam["send"],
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await assert.rejects(applyPlan(losing, plan, { ...options(), sleep }), (error: unknown) => {
      assert.ok(error instanceof ApplyFailedError, String(error));
      assert.ok(error.rolledBack);
      assert.match(error.message, /IAM does not show the planned change: .*ann-extra.* added/);
      return true;
    });
    assert.deepEqual(waits, VISIBILITY_DELAYS_MS);
    assert.deepEqual(await accountState(iam), before);
  });

  test("a difference no write of the change explains fails the apply at once", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const plan = planOf("user", "ann");
    // Someone attaches another policy to ann while the change is made.
    const meddled: Iam = {
      send: (async (command: Command) => {
        const out = await iam.send(command as never);
        if (command.constructor.name === "DeleteUserPolicyCommand")
          await iam.send(
            new AttachUserPolicyCommand({
              UserName: $("ann"),
              PolicyArn: motoArn("policy", $("dev-policy")),
            }),
          );
        return out;
      }) as Iam["send"],
    };
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await assert.rejects(applyPlan(meddled, plan, { ...options(), sleep }), (error: unknown) => {
      assert.ok(error instanceof ApplyFailedError, String(error));
      assert.match(error.message, new RegExp(`${$("dev-policy")} added`));
      // Rolling back would detach it from ann too: others' work, left in place.
      assert.equal(error.rolledBack, false);
      assert.match(error.message, new RegExp(`${$("dev-policy")} attached since .*: run whittle rollback`));
      return true;
    });
    assert.deepEqual(waits, []);
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: $("ann") }));
    assert.ok(attached.AttachedPolicies?.some((p) => p.PolicyName === $("dev-policy")));
  });
});

test("an apply whose rollback is refused says why, and leaves what others wrote meanwhile", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  // Someone puts an inline policy on ann while the change is made: the verification fails, and
  // rolling back would delete that document.
  const meddled: Iam = {
    send: (async (command: Command) => {
      const out = await iam.send(command as never);
      if (command.constructor.name === "DeleteUserPolicyCommand")
        await iam.send(
          new PutUserPolicyCommand({ UserName: $("ann"), PolicyName: "hotfix", PolicyDocument: json(LOGS) }),
        );
      return out;
    }) as Iam["send"],
  };
  await assert.rejects(applyPlan(meddled, planOf("user", "ann"), options()), (error: unknown) => {
    assert.ok(error instanceof ApplyFailedError, String(error));
    assert.equal(error.rolledBack, false);
    assert.match(
      error.message,
      new RegExp(
        `the rollback failed too \\(RollbackError: user ${$("ann")} inline policy hotfix was added .*\\): run whittle rollback`,
      ),
    );
    return true;
  });
  const state = (await accountState(iam)) as {
    users: { UserName: string; UserPolicyList?: { PolicyName: string }[] }[];
  };
  const ann = state.users.find((u) => u.UserName === $("ann"))!;
  assert.deepEqual(
    ann.UserPolicyList?.map((p) => p.PolicyName),
    ["hotfix"],
  );
});

test("a change made after apply's check and before its writes fails the apply: the backup is what was checked", async () => {
  const iam = moto.clients.iam;
  const { planOf, $ } = nextCopy();
  // Someone puts an inline policy on ann just after apply checked her, before its first write.
  let put = false;
  const racing: Iam = {
    send: (async (command: Command) => {
      const out = await iam.send(command as never).catch((error: unknown) => error);
      const input = command.input as { PolicyArn?: string };
      if (
        !put &&
        command.constructor.name === "GetPolicyCommand" &&
        input.PolicyArn === motoArn("policy", $("whittle-ann"))
      ) {
        put = true;
        await iam.send(
          new PutUserPolicyCommand({
            UserName: $("ann"),
            PolicyName: "hotfix",
            PolicyDocument: json(S3_ALL),
          }),
        );
      }
      if (out instanceof Error) throw out;
      return out;
    }) as Iam["send"],
  };
  await assert.rejects(applyPlan(racing, planOf("user", "ann"), options()), (error: unknown) => {
    assert.ok(error instanceof ApplyFailedError, String(error));
    assert.match(error.message, /IAM does not show the planned change: .*inline policies: hotfix added/);
    return true;
  });
  assert.ok(put);
});

/**
 * IAM with a quota of `quota` managed policies per user, as AWS enforces it (moto does not), and
 * whose PutUserPolicy answers LimitExceeded when `inlineFull`; it records the writes in order.
 */
function quotaOf(iam: IAMClient, quota: number, writes: string[], inlineFull = false): Iam {
  const limit = (message: string) => Promise.reject(new LimitExceededException({ message, $metadata: {} }));
  return {
    send: (async (command: Command) => {
      const input = command.input as { UserName?: string; PolicyArn?: string; PolicyName?: string };
      const name = command.constructor.name;
      if (isRead(command)) return iam.send(command as never);
      writes.push(
        `${name.replace(/Command$/, "")} ${(input.PolicyArn ?? input.PolicyName ?? "").split("/").pop()}`,
      );
      if (name === "AttachUserPolicyCommand") {
        const listed = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: input.UserName }));
        if ((listed.AttachedPolicies ?? []).length >= quota)
          return limit(`Cannot exceed quota for PoliciesPerUser: ${quota}`);
      }
      if (name === "PutUserPolicyCommand" && inlineFull)
        return limit("Maximum policy size of 2048 bytes exceeded for user");
      return iam.send(command as never);
    }) as Iam["send"],
  };
}

describe("apply at the quota of managed policies per principal", () => {
  test("stages the new policy inline, detaches the old, attaches the new: never more than today, never less than the end", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const writes: string[] = [];
    // ann holds one managed policy, and one is the most she may hold.
    const record = await applyPlan(quotaOf(iam, 1, writes), planOf("user", "ann"), options());
    assert.equal(record.status, "applied");
    assert.deepEqual(writes, [
      `CreatePolicy ${$("whittle-ann")}`,
      `AttachUserPolicy ${$("whittle-ann")}`,
      `PutUserPolicy ${$("whittle-ann")}`,
      `DetachUserPolicy ${$("ann-extra")}`,
      `AttachUserPolicy ${$("whittle-ann")}`,
      `DeleteUserPolicy ${$("whittle-ann")}`,
      "DeleteUserPolicy all",
    ]);
    await assertOnlyNewPolicy(iam, $);
  });

  test("a change applied at the quota is rolled back at the quota: never less than the change left", async () => {
    const iam = moto.clients.iam;
    const { planOf, $ } = nextCopy();
    const before = await accountState(iam);
    const opts = options();
    const record = await applyPlan(quotaOf(iam, 1, []), planOf("user", "ann"), opts);
    const writes: string[] = [];
    const restored = await rollbackChange(quotaOf(iam, 1, writes), record, opts.store);
    assert.equal(restored.status, "rolled-back");
    assert.deepEqual(writes, [
      `AttachUserPolicy ${$("ann-extra")}`,
      `PutUserPolicy ${$("whittle-ann")}`,
      `DetachUserPolicy ${$("whittle-ann")}`,
      `AttachUserPolicy ${$("ann-extra")}`,
      `DeleteUserPolicy ${$("whittle-ann")}`,
      "PutUserPolicy all",
      `DeletePolicy ${$("whittle-ann")}`,
    ]);
    assert.deepEqual(await accountState(iam), before);
  });

  test("an apply at the quota that fails after its last attach is rolled back", async () => {
    const iam = moto.clients.iam;
    const plan = nextCopy().planOf("user", "ann");
    const before = await accountState(iam);
    const writes: string[] = [];
    const quota = quotaOf(iam, 1, writes);
    // The staged copy's deletion fails once: the user holds the new policy, its copy, and not the old.
    let failed = false;
    const failing: Iam = {
      send: ((command: Command) => {
        if (command.constructor.name !== "DeleteUserPolicyCommand" || failed)
          return quota.send(command as never);
        failed = true;
        return Promise.reject(new Error("injected failure"));
      }) as Iam["send"],
    };
    await assert.rejects(applyPlan(failing, plan, options()), (error: unknown) => {
      assert.ok(error instanceof ApplyFailedError, String(error));
      assert.ok(error.rolledBack, error.message);
      return true;
    });
    assert.deepEqual(await accountState(iam), before);
  });

  test("fails clearly, and is rolled back, when the new policy fits neither attached nor inline", async () => {
    const iam = moto.clients.iam;
    const plan = nextCopy().planOf("user", "ann");
    const before = await accountState(iam);
    const writes: string[] = [];
    await assert.rejects(applyPlan(quotaOf(iam, 1, writes, true), plan, options()), (error: unknown) => {
      assert.ok(error instanceof ApplyFailedError, String(error));
      assert.ok(error.rolledBack);
      assert.ok(error.cause instanceof AttachQuotaError, String(error.cause));
      assert.match(
        error.message,
        /quota of managed policies, and the new policies do not fit beside its inline policies/,
      );
      return true;
    });
    assert.ok(!writes.some((w) => w.startsWith("Detach")), "nothing the workload holds was detached");
    assert.deepEqual(await accountState(iam), before);
  });
});
