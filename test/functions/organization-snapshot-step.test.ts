import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { deserializeSnapshot } from "../../core/engine/snapshot/serialize.js";
import type { Runtime } from "../../functions/runtime.js";
import { collectSnapshot } from "../../functions/steps/audit-steps.js";
import type { RunState } from "../../functions/steps/run-state.js";
import { deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { sandboxOrganization } from "../helpers/organization.js";

let moto: MotoServer;
let organizations: OrganizationsClient;
let management = "";
let sandbox = "";
let sandboxOu = "";
let rootId = "";
let denyIam = "";

/** The deploying account manages an organization whose member sits in a Sandbox OU that denies iam:*. */
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  organizations = new OrganizationsClient(clientConfig(moto.connection));
  const org = await sandboxOrganization(organizations);
  management = org.management;
  sandbox = org.members.sandbox ?? "";
  rootId = org.rootId;
  sandboxOu = org.sandboxOu;
  denyIam = org.denyIam.id;
});
after(() => moto.stop());

const ORG = { ORG_MODE: "true", MEMBER_ROLE_NAME: "WhittleAuditReadOnly", ACTIVITY_SOURCE: "none" };

async function snapshotOf(rt: Runtime, input: Omit<RunState, "runId" | "startedAt">) {
  const run: RunState = { ...input, runId: randomUUID(), startedAt: new Date().toISOString() };
  await collectSnapshot(rt, run);
  return deserializeSnapshot(await rt.reports.getWork(run.runId, "snapshot.json"), "snapshot.json");
}

test("an org-mode run's snapshot carries the SCPs along the member's OU path", async () => {
  const snapshot = await snapshotOf(motoRuntime(moto, ORG), { trigger: "organization", accountId: sandbox });
  assert.equal(snapshot.organization?.managementAccountId, management);
  const levels = snapshot.organization?.scpLevels ?? [];
  assert.deepEqual(
    levels.map((l) => l.targetId),
    [rootId, sandboxOu, sandbox],
  );
  const named = (targetId: string) =>
    levels.find((l) => l.targetId === targetId)?.policies.map((p) => p.name) ?? [];
  assert.ok(named(sandboxOu).includes("DenyIam"), "the OU's deny reaches the member");
  assert.ok(!named(rootId).includes("DenyIam"), "attached at the OU, not the root");
  assert.equal(
    levels.find((l) => l.targetId === sandboxOu)?.policies.find((p) => p.id === denyIam)?.name,
    "DenyIam",
  );
  assert.deepEqual(snapshot.warnings, []);
});

test("a run of the deploying account reads its own SCPs when the organization lets it", async () => {
  const snapshot = await snapshotOf(motoRuntime(moto, { ACTIVITY_SOURCE: "none" }), { trigger: "schedule" });
  assert.equal(snapshot.accountId, management);
  assert.deepEqual(
    snapshot.organization?.scpLevels.map((l) => l.targetId),
    [rootId, management],
  );
});

test("policies that cannot be read leave a warning and no organization, and the snapshot is still stored", async () => {
  const denied: Pick<OrganizationsClient, "send"> = {
    send: () =>
      Promise.reject(
        Object.assign(new Error("not authorized to perform organizations:DescribeOrganization"), {
          name: "AccessDeniedException",
          $metadata: { httpStatusCode: 400 },
        }),
      ),
  };
  const rt = motoRuntime(moto, ORG, { clients: { organizations: denied } });
  const snapshot = await snapshotOf(rt, { trigger: "organization", accountId: sandbox });
  assert.equal(snapshot.organization, undefined);
  assert.equal(snapshot.accountId, sandbox);
  assert.equal(snapshot.warnings.length, 1);
  assert.match(snapshot.warnings[0] ?? "", /service control policies could not be read.*AccessDenied/);
});

test("an account in no organization has no SCPs: no organization and nothing to warn about", async () => {
  const standalone = await startMoto();
  try {
    await deployToMoto(standalone);
    const snapshot = await snapshotOf(motoRuntime(standalone, { ACTIVITY_SOURCE: "none" }), {
      trigger: "schedule",
    });
    assert.equal(snapshot.organization, undefined);
    // moto's one gap here: it does not implement ListServiceSpecificCredentials.
    const gap = /does not implement ListServiceSpecificCredentials/;
    assert.deepEqual(
      snapshot.warnings.filter((w) => !gap.test(w)),
      [],
    );
  } finally {
    await standalone.stop();
  }
});
