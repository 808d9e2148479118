import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { clientConfig } from "../../core/aws/clients.js";
import { createAuditWorkerHandler } from "../../functions/audit-worker.js";
import { createScheduledAuditHandler } from "../../functions/scheduled-audit.js";
import { deliverRecord, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { lambdaContext, scheduledEvent, sqsEvent } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

let moto: MotoServer;
let queueUrl: string;
let sqs: SQSClient;
const members: string[] = [];
before(async () => {
  moto = await startMoto();
  ({ queueUrl } = await deployToMoto(moto));
  sqs = new SQSClient(clientConfig(moto.connection));
  const organizations = new OrganizationsClient(clientConfig(moto.connection));
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  for (const name of ["payments", "analytics"]) {
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    members.push(created.CreateAccountStatus?.AccountId ?? "");
  }
  for (const member of members) await deliverRecord(moto, member);
});
after(() => moto.stop());

const ORG = { ORG_MODE: "true", MEMBER_ROLE_NAME: "WhittleAuditReadOnly" };

test("the schedule in org mode queues one audit per active account and audits none itself", async () => {
  const runtime = motoRuntime(moto, { ...ORG, QUEUE_URL: queueUrl });
  const result = await createScheduledAuditHandler(() => runtime)(
    scheduledEvent(),
    lambdaContext("whittle-scheduled-audit"),
  );
  assert.deepEqual(result, { mode: "organization", queued: 3 });
  const messages: { accountId: string; trigger: string; runId: string }[] = [];
  for (let i = 0; i < 5 && messages.length < 3; i++) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    for (const m of Messages ?? []) messages.push(JSON.parse(m.Body ?? ""));
  }
  assert.equal(messages.length, 3);
  for (const member of members)
    assert.ok(messages.some((m) => m.accountId === member && m.trigger === "organization"));
  assert.equal(new Set(messages.map((m) => m.runId)).size, 3);
});

/** STS that refuses the role of one account, as a member that never deployed the audit role does. */
function refusing(sts: STSClient, accountId: string, roles: string[]): STSClient {
  return {
    send: (command: unknown) => {
      if (command instanceof AssumeRoleCommand) {
        roles.push(command.input.RoleArn ?? "");
        if (command.input.RoleArn?.includes(`::${accountId}:`)) {
          const denied = Object.assign(
            new Error(`not authorized to perform sts:AssumeRole on ${command.input.RoleArn}`),
            { name: "AccessDenied" },
          );
          return Promise.reject(denied);
        }
      }
      return sts.send(command as never);
    },
  } as unknown as STSClient;
}

test("the worker audits each member through its role; one failing account fails only its own run", async () => {
  const [payments = "", analytics = ""] = members;
  const roles: string[] = [];
  const runtime = motoRuntime(moto, ORG, { clients: { sts: refusing(moto.clients.sts, analytics, roles) } });
  const jobs = [payments, analytics].map((accountId) => ({
    runId: randomUUID(),
    trigger: "organization",
    accountId,
  }));
  const outcome = await createAuditWorkerHandler(() => runtime)(
    sqsEvent(jobs),
    lambdaContext("whittle-audit-worker"),
  );
  assert.deepEqual(outcome, { batchItemFailures: [] });
  assert.deepEqual(
    roles.sort(),
    [analytics, payments].map((a) => `arn:aws:iam::${a}:role/WhittleAuditReadOnly`).sort(),
  );

  const good = await runtime.findings.getRun(jobs[0]?.runId ?? "");
  assert.equal(good?.status, "SUCCEEDED");
  assert.equal(good?.accountId, payments);
  assert.ok(await runtime.reports.getManifest({ accountId: payments, runId: jobs[0]?.runId ?? "" }));

  const bad = await runtime.findings.getRun(jobs[1]?.runId ?? "");
  assert.equal(bad?.status, "FAILED");
  assert.equal(bad?.accountId, analytics);
  assert.match(bad?.error ?? "", /AccessDenied/);
});

test("a redelivered message of a finished run is acknowledged without a second audit", async () => {
  const runtime = motoRuntime(moto, ORG);
  const job = { runId: randomUUID(), trigger: "organization", accountId: members[0] };
  const worker = createAuditWorkerHandler(() => runtime);
  await worker(sqsEvent([job]), lambdaContext("whittle-audit-worker"));
  const first = await runtime.findings.getRun(job.runId);
  const again = await worker(sqsEvent([job]), lambdaContext("whittle-audit-worker"));
  assert.deepEqual(again, { batchItemFailures: [] });
  assert.deepEqual(await runtime.findings.getRun(job.runId), first);
});

test("a message whose outcome cannot be recorded is returned for redelivery", async () => {
  const runtime = motoRuntime(moto, { ...ORG, TABLE_NAME: "no-such-table" });
  const job = { runId: randomUUID(), trigger: "organization", accountId: members[0] };
  const event = sqsEvent([job]);
  const outcome = await createAuditWorkerHandler(() => runtime)(event, lambdaContext("whittle-audit-worker"));
  assert.deepEqual(outcome, { batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
});
