import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { clientConfig } from "../../core/aws/clients.js";
import { createScheduledAuditHandler } from "../../functions/scheduled-audit.js";
import { deliverRecord, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { lambdaContext, scheduledEvent } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { deployMachines } from "../helpers/orchestration.js";
import type { Trace } from "../helpers/state-machine.js";

let moto: MotoServer;
let orchestration: Awaited<ReturnType<typeof deployMachines>>;
const members: string[] = [];
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  orchestration = await deployMachines(moto);
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

// Members have no trail logs in the emulator, and a source that reads nothing fails a run: snapshot only.
const ORG = { ORG_MODE: "true", MEMBER_ROLE_NAME: "WhittleAuditReadOnly", ACTIVITY_SOURCE: "none" };

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

test("the schedule in org mode maps over the accounts: each audited through its role, one failure fails only its own run", async () => {
  const [payments = "", analytics = ""] = members;
  const roles: string[] = [];
  const runtime = motoRuntime(
    moto,
    { ...ORG, ...orchestration.env },
    { clients: { sts: refusing(moto.clients.sts, analytics, roles) } },
  );
  const event = scheduledEvent();
  const started = await createScheduledAuditHandler(() => runtime)(
    event,
    lambdaContext("whittle-scheduled-audit"),
  );
  assert.deepEqual(started, { mode: "organization", execution: event.id });
  const trace: Trace[] = [];
  const [organization] = await orchestration.runStarted(runtime, trace);
  assert.equal(organization?.name, event.id);
  assert.equal(organization?.error, undefined, "one account's failure does not fail the organization");

  const runs = trace.filter((t) => t.state === "AuditAccount" && t.payload) as {
    payload: { Name: string; Input: { accountId: string } };
  }[];
  assert.equal(runs.length, 3, "the management account and both members");
  assert.equal(new Set(runs.map((r) => r.payload.Name)).size, 3, "one run id per account");
  for (const accountId of [payments, analytics])
    assert.ok(roles.includes(`arn:aws:iam::${accountId}:role/WhittleAuditReadOnly`));
  const runOf = (accountId: string) =>
    runs.find((r) => r.payload.Input.accountId === accountId)?.payload.Name ?? "";

  const good = await runtime.findings.getRun(runOf(payments));
  assert.equal(good?.status, "SUCCEEDED", good?.error);
  assert.equal(good?.accountId, payments);
  assert.equal(good?.trigger, "organization");
  assert.ok(await runtime.reports.getManifest({ accountId: payments, runId: runOf(payments) }));

  const bad = await runtime.findings.getRun(runOf(analytics));
  assert.equal(bad?.status, "FAILED");
  assert.equal(bad?.accountId, analytics);
  assert.match(bad?.error ?? "", /AccessDenied/);
});
