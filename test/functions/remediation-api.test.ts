import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { readPolicy, readPrincipal } from "../../core/aws/iam-state.js";
import type { Remediation } from "../../core/aws/plan-remediation.js";
import { changeIdFor } from "../../core/engine/plans/change.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { loadConfig } from "../../functions/config.js";
import { createRemediation } from "../../functions/remediation/runtime.js";
import { REMEDIATION_HANDLERS } from "../../functions/remediation-api.js";
import { createRouter } from "../../functions/router.js";
import { createFindingsTable, dynamoClients } from "../helpers/findings-table.js";
import { DEPLOYMENT, motoRuntime } from "../helpers/function-runtime.js";
import { type HttpRequest, httpEvent, LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { planFor, S3_ALL, used } from "../helpers/plan-fixture.js";
import { reportWith } from "../helpers/report-fixture.js";

const ACCOUNT = LAMBDA_ACCOUNT;
const ROLES = ["app-1", "app-2", "app-3", "app-4", "app-5", "app-6", "app-7", "app-8", "app-9"];
const TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const ALICE = `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityLead/alice`;
const BOB = `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformOps/bob`;

let moto: MotoServer;
let plans: Plan[];
let succeeded: string;
let running: string;
let now = Date.parse("2026-11-22T10:00:00Z");
let api: ReturnType<typeof createRouter>;
/** The same function whose IAM client fails at its second write: a failure midway through apply. */
let failing: ReturnType<typeof createRouter>;
/** The same function whose backup store fails to mark a change applied. */
let unmarked: ReturnType<typeof createRouter>;
/** The same function whose IAM client fails at every write after its first: its rollback fails too. */
let dying: ReturnType<typeof createRouter>;
/** The same function whose backup store cannot write a change's first record. */
let unbacked: ReturnType<typeof createRouter>;
before(async () => {
  moto = await startMoto();
  await moto.clients.s3.send(new CreateBucketCommand({ Bucket: DEPLOYMENT.bucket }));
  await createFindingsTable(dynamoClients(moto.connection).dynamodb, DEPLOYMENT.table);
  for (const RoleName of ROLES) {
    await moto.clients.iam.send(
      new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(TRUST) }),
    );
    await moto.clients.iam.send(
      new PutRolePolicyCommand({ RoleName, PolicyName: "all", PolicyDocument: JSON.stringify(S3_ALL) }),
    );
  }
  const snapshot = await new IamSnapshotSource(moto.clients, { lastAccessed: false }, "moto").load();
  const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
  const get = used("s3:GetObject", "arn:aws:s3:::a/x");
  const result = planFor(
    snapshot,
    Object.fromEntries(ROLES.map((name) => [arn(name), [get]])),
    ROLES.map((name) => ({
      principalArn: arn(name),
      policies: [
        {
          name: `whittle-${name}`,
          document: {
            Version: "2012-10-17" as const,
            Statement: [
              {
                Sid: "Read",
                Effect: "Allow" as const,
                Action: ["s3:GetObject"],
                Resource: ["arn:aws:s3:::a/x"],
              },
            ],
          },
        },
      ],
    })),
  );
  assert.deepEqual(result.failures, []);
  plans = result.plans;
  const audit = motoRuntime(moto);
  const counts = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
    suppressed: 0,
    principals: 5,
    events: 1,
  };
  for (const status of ["SUCCEEDED", "RUNNING"]) {
    const runId = randomUUID();
    await audit.findings.createRun({ runId, trigger: "api", startedAt: "2026-11-22T09:00:00.000Z" });
    await audit.reports.putReport(runId, { ...reportWith([], ACCOUNT), plans });
    if (status === "SUCCEEDED")
      await audit.findings.completeRun(runId, ACCOUNT, counts, "2026-11-22T09:05:00.000Z");
    if (status === "SUCCEEDED") succeeded = runId;
    else running = runId;
  }
  const config = loadConfig({ TABLE_NAME: DEPLOYMENT.table, BUCKET_NAME: DEPLOYMENT.bucket });
  const remediation = createRemediation(config, moto.connection, { clock: () => new Date(now) });
  api = createRouter(() => remediation, REMEDIATION_HANDLERS);
  // Backups that take the record written before the change, but not the one marking it applied.
  const unmarkedRemediation = withBackups(remediation, (store) => ({
    write: (record) =>
      record.status === "applied"
        ? Promise.reject(new Error("injected storage failure"))
        : store.write(record),
  }));
  unmarked = createRouter(() => unmarkedRemediation, REMEDIATION_HANDLERS);
  const iam = iamFailingAt((write) => write === 2);
  const broken = createRemediation(config, moto.connection, {
    clock: () => new Date(now),
    clients: { iam: iam as IAMClient },
  });
  failing = createRouter(() => broken, REMEDIATION_HANDLERS);
  const dyingIam = iamFailingAt((write) => write > 1);
  const dead = createRemediation(config, moto.connection, {
    clock: () => new Date(now),
    clients: { iam: dyingIam as IAMClient },
  });
  dying = createRouter(() => dead, REMEDIATION_HANDLERS);
  const unbackedRemediation = withBackups(remediation, () => ({
    create: () => Promise.reject(new Error("injected storage failure")),
  }));
  unbacked = createRouter(() => unbackedRemediation, REMEDIATION_HANDLERS);
});
after(() => moto.stop());

/** moto's IAM, failing the writes (not Get/List) whose 1-based number `fails` picks. */
function iamFailingAt(fails: (write: number) => boolean): Pick<IAMClient, "send"> {
  let writes = 0;
  return {
    send: ((command: { constructor: { name: string } }) => {
      if (!/^(Get|List)/.test(command.constructor.name) && fails(++writes))
        return Promise.reject(new Error(`injected failure at ${command.constructor.name}`));
      return moto.clients.iam.send(command as never);
    }) as IAMClient["send"],
  };
}

type Backups = ReturnType<Remediation["backups"]>;

/** `remediation` whose backup stores create or write as `change` says, and otherwise as before. */
function withBackups(
  remediation: Remediation,
  change: (store: Backups) => Partial<Pick<Backups, "create" | "write">>,
): Remediation {
  return {
    ...remediation,
    backups: (accountId) => {
      const store = remediation.backups(accountId);
      return {
        description: store.description,
        url: (changeId) => store.url(changeId),
        read: (changeId) => store.read(changeId),
        changesOf: (planId) => store.changesOf(planId),
        create: (record) => store.create(record),
        write: (record) => store.write(record),
        ...change(store),
      };
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary fields of the JSON it asserts on.
type ApiBody = Record<string, any>;

async function call(request: HttpRequest, as = BOB, handler = api) {
  const event = httpEvent(request);
  const iam = event.requestContext.authorizer.iam;
  event.requestContext.authorizer.iam = { ...iam, userArn: as };
  now += 60_000;
  const response = (await handler(
    event,
    lambdaContext("whittle-remediation"),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) as ApiBody };
}

const planOf = (role: string) => plans.find((p) => p.target.name === role)!;
const planRoute = (action: "approval" | "apply", role: string, runId = succeeded, accountId = ACCOUNT) => ({
  method: "POST" as const,
  route: `/accounts/{accountId}/audits/{id}/plans/{planId}/${action}`,
  pathParameters: { accountId, id: runId, planId: planOf(role).id },
});
const changeRoute = (changeId: string, rollback = false): HttpRequest => ({
  method: rollback ? "POST" : "GET",
  route: `/accounts/{accountId}/changes/{changeId}${rollback ? "/rollback" : ""}`,
  pathParameters: { accountId: ACCOUNT, changeId },
});

test("approve, apply, roll back: IAM changes as planned and back, and every step is on record", async () => {
  const before = await readPrincipal(moto.clients.iam, "role", "app-1");
  const approved = await call(planRoute("approval", "app-1"), ALICE);
  assert.equal(approved.statusCode, 201, String(approved.body));
  assert.equal(approved.json.approvedBy, ALICE);
  const again = await call(planRoute("approval", "app-1"), BOB);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json.approvedBy, ALICE, "the first approval stands");

  const applied = await call(planRoute("apply", "app-1"));
  assert.equal(applied.statusCode, 201, String(applied.body));
  const changeId = applied.json.changeId as string;
  assert.equal(applied.headers?.location, `/accounts/${ACCOUNT}/changes/${changeId}`);
  assert.equal(applied.json.status, "applied");
  const live = await readPrincipal(moto.clients.iam, "role", "app-1");
  assert.deepEqual(live?.attached, [`arn:aws:iam::${ACCOUNT}:policy/whittle-app-1`]);
  assert.deepEqual(live?.inline, []);

  const backupKey = `changes/${ACCOUNT}/${changeId}.json`;
  assert.equal(applied.json.backup, `s3://${DEPLOYMENT.bucket}/${backupKey}`);
  const backup = await moto.clients.s3.send(
    new GetObjectCommand({ Bucket: DEPLOYMENT.bucket, Key: backupKey }),
  );
  const record = JSON.parse(await backup.Body!.transformToString());
  assert.equal(record.status, "applied");
  assert.deepEqual(record.before.principals, [before]);

  const reapply = await call(planRoute("apply", "app-1"));
  assert.equal(reapply.statusCode, 409, "an approval is used once");

  const restored = await call(changeRoute(changeId, true), ALICE);
  assert.equal(restored.statusCode, 200, String(restored.body));
  assert.equal(restored.json.status, "rolled-back");
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-1"), before);
  assert.equal((await call(changeRoute(changeId, true))).statusCode, 409, "nothing left to roll back");

  const entry = (await call(changeRoute(changeId))).json;
  assert.equal(entry.runId, succeeded);
  assert.equal(entry.planId, planOf("app-1").id);
  assert.equal(entry.approvedBy, ALICE);
  assert.deepEqual(entry.effect, {
    create: ["whittle-app-1"],
    attach: ["whittle-app-1"],
    detach: [],
    deleteInline: ["all"],
  });
  assert.deepEqual(
    entry.history.map((e: ApiBody) => `${e.action} ${e.result} ${e.by}`),
    [
      `apply started ${BOB}`,
      `apply applied ${BOB}`,
      `rollback started ${ALICE}`,
      `rollback rolled-back ${ALICE}`,
    ],
  );
});

test("apply refuses with 409 problem+json when the role changed since the audit, and changes nothing", async () => {
  await call(planRoute("approval", "app-2"), ALICE);
  await moto.clients.iam.send(
    new PutRolePolicyCommand({
      RoleName: "app-2",
      PolicyName: "late",
      PolicyDocument: JSON.stringify(S3_ALL),
    }),
  );
  const drifted = await readPrincipal(moto.clients.iam, "role", "app-2");
  const refused = await call(planRoute("apply", "app-2"));
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.headers?.["content-type"], "application/problem+json");
  assert.match(refused.json.differences.join("; "), /late added/);
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-2"), drifted);
  const changeId = changeIdFor(planOf("app-2").id, new Date(now));
  const entry = (await call(changeRoute(changeId))).json;
  assert.equal(entry.status, "refused");
  assert.match(entry.history.at(-1).detail, /changed since the audit/);
});

test("a failure midway is rolled back and recorded; the change can still be rolled back by id", async () => {
  const before = await readPrincipal(moto.clients.iam, "role", "app-4");
  await call(planRoute("approval", "app-4"), ALICE);
  const failed = await call(planRoute("apply", "app-4"), BOB, failing);
  assert.equal(failed.statusCode, 500);
  assert.equal(failed.json.rolledBack, true);
  assert.match(failed.json.detail, /injected failure/);
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-4"), before);
  const changeId = changeIdFor(planOf("app-4").id, new Date(now));
  const entry = (await call(changeRoute(changeId))).json;
  assert.equal(entry.status, "apply-failed");
  assert.match(entry.history.at(-1).detail, /injected failure/);
  assert.equal((await call(planRoute("apply", "app-4"))).statusCode, 409, "the approval was used");
  const restored = await call(changeRoute(changeId, true));
  assert.equal(restored.json.status, "rolled-back");
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-4"), before);
});

test("GET changes lists the account's change records, a page at a time", async () => {
  const list = (query: Record<string, string>) =>
    call({
      method: "GET",
      route: "/accounts/{accountId}/changes",
      pathParameters: { accountId: ACCOUNT },
      query,
    });
  const first = await list({ limit: "1" });
  assert.equal(first.statusCode, 200, String(first.body));
  assert.equal(first.json.items.length, 1);
  const second = await list({ limit: "1", nextToken: first.json.nextToken });
  const targets = [...first.json.items, ...second.json.items].map(
    (c: ApiBody) => `${c.target.name} ${c.status}`,
  );
  assert.equal(second.json.nextToken !== undefined, true);
  const third = await list({ limit: "1", nextToken: second.json.nextToken });
  targets.push(...third.json.items.map((c: ApiBody) => `${c.target.name} ${c.status}`));
  assert.deepEqual(targets.sort(), ["app-1 rolled-back", "app-2 refused", "app-4 rolled-back"].sort());
  const forged = await list({ nextToken: Buffer.from('{"pk":"RUN#x","sk":"RUN"}').toString("base64url") });
  assert.equal(forged.statusCode, 400);
});

const refusals: [string, () => HttpRequest, number][] = [
  ["a plan nobody approved", () => planRoute("apply", "app-3"), 409],
  ["a plan of a run still running", () => planRoute("approval", "app-3", running), 409],
  [
    "another account than Whittle's own",
    () => planRoute("approval", "app-3", succeeded, "210987654321"),
    403,
  ],
  ["an unknown run", () => planRoute("approval", "app-3", randomUUID()), 404],
  [
    "an unknown plan",
    () => ({
      ...planRoute("approval", "app-3"),
      pathParameters: { accountId: ACCOUNT, id: succeeded, planId: "plan-0" },
    }),
    404,
  ],
  ["an unknown change", () => changeRoute("plan-0-20261122T000000", true), 404],
  ["a change id with a slash", () => changeRoute("../x"), 400],
];
for (const [what, request, status] of refusals)
  test(`${what}: ${status}, and IAM is untouched`, async () => {
    const before = await readPrincipal(moto.clients.iam, "role", "app-3");
    const response = await call(request());
    assert.equal(response.statusCode, status, String(response.body));
    assert.equal(response.headers?.["content-type"], "application/problem+json");
    assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-3"), before);
  });

test("an apply IAM shows done whose backup cannot be marked applied is on record as applied, and rolls back by id", async () => {
  const before = await readPrincipal(moto.clients.iam, "role", "app-3");
  await call(planRoute("approval", "app-3"), ALICE);
  const applied = await call(planRoute("apply", "app-3"), BOB, unmarked);
  assert.equal(applied.statusCode, 201, String(applied.body));
  assert.equal(applied.json.status, "applied");
  assert.match(applied.json.history.at(-1).detail, /injected storage failure/);
  const live = await readPrincipal(moto.clients.iam, "role", "app-3");
  assert.deepEqual(live?.attached, [`arn:aws:iam::${ACCOUNT}:policy/whittle-app-3`]);
  const restored = await call(changeRoute(applied.json.changeId, true), ALICE);
  assert.equal(restored.json.status, "rolled-back", String(restored.body));
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-3"), before);
});

test("a backup that is no change record is a 422 problem naming it, IAM untouched, and the rollback can be tried again", async () => {
  await call(planRoute("approval", "app-5"), ALICE);
  const applied = await call(planRoute("apply", "app-5"));
  assert.equal(applied.statusCode, 201, String(applied.body));
  const changeId = applied.json.changeId as string;
  const Key = `changes/${ACCOUNT}/${changeId}.json`;
  const good = await (
    await moto.clients.s3.send(new GetObjectCommand({ Bucket: DEPLOYMENT.bucket, Key }))
  ).Body!.transformToString();
  await moto.clients.s3.send(
    new PutObjectCommand({ Bucket: DEPLOYMENT.bucket, Key, Body: good.slice(0, 100) }),
  );
  const live = await readPrincipal(moto.clients.iam, "role", "app-5");
  const refused = await call(changeRoute(changeId, true), ALICE);
  assert.equal(refused.statusCode, 422, String(refused.body));
  assert.equal(refused.headers?.["content-type"], "application/problem+json");
  assert.match(refused.json.detail, new RegExp(`${changeId}\\.json is not JSON`));
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-5"), live);
  const kept = (await call(changeRoute(changeId))).json;
  assert.equal(kept.status, "applied", "nothing was changed: the change is as it was");
  assert.equal(kept.history.at(-1).result, "refused");
  assert.match(kept.history.at(-1).detail, /is not JSON/);
  await moto.clients.s3.send(new PutObjectCommand({ Bucket: DEPLOYMENT.bucket, Key, Body: good }));
  const restored = await call(changeRoute(changeId, true), ALICE);
  assert.equal(restored.json.status, "rolled-back", String(restored.body));
});

test("an applied change whose backup was deleted is not marked rolled back: a 422 problem, IAM and the change as they were", async () => {
  await call(planRoute("approval", "app-6"), ALICE);
  const applied = await call(planRoute("apply", "app-6"));
  assert.equal(applied.statusCode, 201, String(applied.body));
  const changeId = applied.json.changeId as string;
  const Key = `changes/${ACCOUNT}/${changeId}.json`;
  await moto.clients.s3.send(new DeleteObjectCommand({ Bucket: DEPLOYMENT.bucket, Key }));
  const live = await readPrincipal(moto.clients.iam, "role", "app-6");
  const refused = await call(changeRoute(changeId, true), ALICE);
  assert.equal(refused.statusCode, 422, String(refused.body));
  assert.match(refused.json.detail, new RegExp(`no backup of change ${changeId}`));
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-6"), live);
  const kept = (await call(changeRoute(changeId))).json;
  assert.equal(kept.status, "applied", "IAM still holds the change");
  assert.equal(kept.history.at(-1).result, "refused");
});

test("a rollback that would undo others' work since is a 409 problem, IAM and the change as they were, and rolls back once that is moved", async () => {
  await call(planRoute("approval", "app-7"), ALICE);
  const applied = await call(planRoute("apply", "app-7"));
  assert.equal(applied.statusCode, 201, String(applied.body));
  const changeId = applied.json.changeId as string;
  const created = `arn:aws:iam::${ACCOUNT}:policy/whittle-app-7`;
  await moto.clients.iam.send(new AttachRolePolicyCommand({ RoleName: "app-2", PolicyArn: created }));
  const live = await readPrincipal(moto.clients.iam, "role", "app-7");
  const refused = await call(changeRoute(changeId, true), ALICE);
  assert.equal(refused.statusCode, 409, String(refused.body));
  assert.match(refused.json.detail, /is now attached to role\/app-2 too; detach it there first/);
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-7"), live);
  const kept = (await call(changeRoute(changeId))).json;
  assert.equal(kept.status, "applied", "nothing was changed: the change is as it was");
  assert.equal(kept.history.at(-1).result, "refused");
  await moto.clients.iam.send(new DetachRolePolicyCommand({ RoleName: "app-2", PolicyArn: created }));
  const restored = await call(changeRoute(changeId, true), ALICE);
  assert.equal(restored.json.status, "rolled-back", String(restored.body));
});

test("an apply that failed midway, its rollback too, whose backup was deleted is not marked rolled back: a 422 problem, IAM and the change as they were", async () => {
  await call(planRoute("approval", "app-8"), ALICE);
  const failed = await call(planRoute("apply", "app-8"), BOB, dying);
  assert.equal(failed.statusCode, 500, String(failed.body));
  assert.equal(failed.json.rolledBack, false);
  const changeId = changeIdFor(planOf("app-8").id, new Date(now));
  assert.equal((await call(changeRoute(changeId))).json.status, "apply-failed");
  // IAM holds part of the change: the policy it created, which its rollback could not delete.
  const created = `arn:aws:iam::${ACCOUNT}:policy/whittle-app-8`;
  assert.ok(await readPolicy(moto.clients.iam, created));
  const Key = `changes/${ACCOUNT}/${changeId}.json`;
  await moto.clients.s3.send(new DeleteObjectCommand({ Bucket: DEPLOYMENT.bucket, Key }));
  const live = await readPrincipal(moto.clients.iam, "role", "app-8");
  const refused = await call(changeRoute(changeId, true), ALICE);
  assert.equal(refused.statusCode, 422, String(refused.body));
  assert.match(refused.json.detail, new RegExp(`no backup of change ${changeId}.*${created} already exists`));
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-8"), live);
  assert.ok(await readPolicy(moto.clients.iam, created), "IAM untouched");
  const kept = (await call(changeRoute(changeId))).json;
  assert.equal(kept.status, "apply-failed", "IAM may hold part of the change");
  assert.equal(kept.history.at(-1).result, "refused");
});

test("an apply that failed before its backup was written rolls back without one, as IAM shows none of it", async () => {
  const before = await readPrincipal(moto.clients.iam, "role", "app-9");
  await call(planRoute("approval", "app-9"), ALICE);
  const failed = await call(planRoute("apply", "app-9"), BOB, unbacked);
  assert.equal(failed.statusCode, 500, String(failed.body));
  const changeId = changeIdFor(planOf("app-9").id, new Date(now));
  assert.equal((await call(changeRoute(changeId))).json.status, "apply-failed");
  assert.deepEqual(await readPrincipal(moto.clients.iam, "role", "app-9"), before);
  const restored = await call(changeRoute(changeId, true), ALICE);
  assert.equal(restored.statusCode, 200, String(restored.body));
  assert.equal(restored.json.status, "rolled-back");
  assert.match(restored.json.history.at(-1).detail, /no backup, and IAM holds none of the change/);
});
