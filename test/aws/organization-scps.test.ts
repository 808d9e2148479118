import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AttachPolicyCommand, CreatePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { collectOrganizationScps, OrganizationReads } from "../../core/aws/organization-scps.js";
import { OrganizationSnapshotSource } from "../../core/aws/organization-snapshot-source.js";
import type { Organization } from "../../core/engine/snapshot/model.js";
import {
  type FaultProxy,
  type RequestInfo,
  type ServiceError,
  startFaultProxy,
} from "../helpers/fault-proxy.js";
import { permissiveFindings } from "../helpers/findings.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { sandboxOrganization } from "../helpers/organization.js";
import { ADMIN } from "../helpers/policies.js";
import { role, snapshotWith } from "../helpers/snapshot-fixture.js";

let moto: MotoServer;
let organizations: OrganizationsClient;
/** Organizations through a proxy that fails the calls a test plans to fail, once each. */
let proxy: FaultProxy;
let proxied: OrganizationsClient;
const accounts = { management: "", sandbox: "", production: "" };
let sandboxOu = "";
let denyIam = "";

/** Three accounts: the management account, one member in a Sandbox OU that denies iam:*, one under the root. */
before(async () => {
  moto = await startMoto();
  organizations = new OrganizationsClient(clientConfig(moto.connection));
  const org = await sandboxOrganization(organizations, ["sandbox", "production"]);
  accounts.management = org.management;
  accounts.sandbox = org.members.sandbox ?? "";
  accounts.production = org.members.production ?? "";
  sandboxOu = org.sandboxOu;
  denyIam = org.denyIam.arn;
  proxy = await startFaultProxy(moto.endpoint);
  proxied = new OrganizationsClient(
    clientConfig({ ...moto.connection, endpoint: proxy.endpoint, maxAttempts: 2 }),
  );
});
after(async () => {
  await proxy.stop();
  await moto.stop();
});

function adminFinding(accountId: string, organization: Organization) {
  const snapshot = snapshotWith({
    accountId,
    organization,
    roles: [role("Admin", { inlinePolicies: [{ name: "admin", document: ADMIN }] })],
  });
  return permissiveFindings(snapshot).find((f) => f.kind === "admin-access");
}

test("the SCPs are collected along the account's path: root, its OU, the account", async () => {
  const { organization: org } = await collectOrganizationScps(organizations, accounts.sandbox);
  assert.equal(org.managementAccountId, accounts.management);
  assert.equal(org.scpLevels.length, 3);
  assert.equal(org.scpLevels[1]?.targetId, sandboxOu);
  assert.equal(org.scpLevels[2]?.targetId, accounts.sandbox);
  const names = org.scpLevels.map((l) => l.policies.map((p) => p.name).sort());
  assert.deepEqual(names, [["FullAWSAccess"], ["DenyIam", "FullAWSAccess"], ["FullAWSAccess"]]);
  const deny = org.scpLevels[1]?.policies.find((p) => p.name === "DenyIam");
  assert.deepEqual(deny?.document, {
    Version: "2012-10-17",
    Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }],
  });
});

test("an admin role under the OU that denies iam:* is reported as limited by that SCP", async () => {
  const finding = adminFinding(
    accounts.sandbox,
    (await collectOrganizationScps(organizations, accounts.sandbox)).organization,
  );
  assert.ok(finding, "an admin of its account is still reported");
  assert.equal(finding.severity, "high");
  assert.match(finding.title, /limited by service control policies/);
  assert.ok(finding.detail.includes(denyIam), finding.detail);
  assert.match(finding.detail, /services: iam\)/);
  assert.deepEqual(finding.evidence.limitedBy, [{ policy: denyIam, statementIndex: 0 }]);
});

test("an admin role in an account outside the OU stays a full administrator", async () => {
  const { organization: org } = await collectOrganizationScps(organizations, accounts.production);
  assert.equal(org.scpLevels.length, 2);
  const finding = adminFinding(accounts.production, org);
  assert.equal(finding?.severity, "critical");
  assert.equal(finding?.evidence.level, "certain");
});

test("SCPs do not limit the management account nor a service-linked role", async () => {
  const { organization: sandbox } = await collectOrganizationScps(organizations, accounts.sandbox);
  const asManagement = { ...sandbox, managementAccountId: accounts.sandbox };
  assert.equal(adminFinding(accounts.sandbox, asManagement)?.severity, "critical");
  const snapshot = snapshotWith({
    accountId: accounts.sandbox,
    organization: sandbox,
    roles: [
      role("AWSServiceRoleForX", { serviceLinked: true, inlinePolicies: [{ name: "a", document: ADMIN }] }),
    ],
  });
  assert.equal(permissiveFindings(snapshot).find((f) => f.kind === "admin-access")?.severity, "critical");
});

test("the resource control policies are collected along the same path", async () => {
  const perimeter = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "sts:AssumeRole",
        Resource: "*",
        Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ],
  };
  const policy = await organizations.send(
    new CreatePolicyCommand({
      Name: "Perimeter",
      Description: "Roles assumable from inside the organization only",
      Type: "RESOURCE_CONTROL_POLICY",
      Content: JSON.stringify(perimeter),
    }),
  );
  await organizations.send(
    new AttachPolicyCommand({ PolicyId: policy.Policy?.PolicySummary?.Id, TargetId: sandboxOu }),
  );
  const { organization: org } = await collectOrganizationScps(organizations, accounts.sandbox);
  assert.deepEqual(
    org.rcpLevels?.map((l) => l.targetId),
    org.scpLevels.map((l) => l.targetId),
  );
  const names = org.rcpLevels?.map((l) => l.policies.map((p) => p.name).sort());
  assert.deepEqual(names?.[1], ["Perimeter", "RCPFullAWSAccess"]);
  assert.deepEqual(names?.[0], ["RCPFullAWSAccess"]);
  assert.deepEqual(org.rcpLevels?.[1]?.policies.find((p) => p.name === "Perimeter")?.document, perimeter);
  assert.deepEqual(
    org.scpLevels[1]?.policies.map((p) => p.name).sort(),
    ["DenyIam", "FullAWSAccess"],
    "SCPs apart",
  );
});

/** The sandbox account's snapshot with its organization's policies read while RCP listings meet `fault`. */
async function sandboxWithRcpFault(fault: "throttle" | ServiceError) {
  const rcpListing = (r: RequestInfo) =>
    r.operation.endsWith(".ListPoliciesForTarget") && r.body.includes("RESOURCE_CONTROL_POLICY");
  proxy.plan = (r) => (rcpListing(r) ? fault : "pass");
  try {
    const inner = { description: "fixture", load: async () => snapshotWith({ accountId: accounts.sandbox }) };
    return await new OrganizationSnapshotSource(inner, proxied, accounts.sandbox).load();
  } finally {
    proxy.plan = () => "pass";
  }
}

test("RCPs the caller may not read are a warning of the account, its SCPs still applied", async () => {
  const snapshot = await sandboxWithRcpFault({
    status: 400,
    type: "AccessDeniedException",
    message: "You don't have permissions to access this resource.",
  });
  assert.equal(snapshot.organization?.rcpLevels, undefined);
  assert.equal(snapshot.organization?.scpLevels.length, 3);
  assert.equal(snapshot.warnings.length, 1, snapshot.warnings.join("\n"));
  assert.match(snapshot.warnings[0]!, /resource control policies could not be read.*AccessDeniedException/);
});

test("RCP listings throttled past the retries are a warning of the account", async () => {
  const snapshot = await sandboxWithRcpFault("throttle");
  assert.equal(snapshot.organization?.rcpLevels, undefined);
  assert.match(snapshot.warnings.join("\n"), /resource control policies could not be read.*Throttling/);
});

test("an endpoint that knows no RCP policy type gives no RCPs and no warning", async () => {
  const snapshot = await sandboxWithRcpFault({
    status: 400,
    type: "InvalidInputException",
    message: "You specified an invalid value.",
    fields: { Reason: "INVALID_ENUM_POLICY_TYPE" },
  });
  assert.equal(snapshot.organization?.rcpLevels, undefined);
  assert.equal(snapshot.organization?.scpLevels.length, 3);
  assert.deepEqual(snapshot.warnings, []);
});

test("accounts of one run share what they read of the organization: the root's policies are listed once", async () => {
  const reads = new OrganizationReads();
  const start = proxy.log.length;
  const sandbox = await collectOrganizationScps(proxied, accounts.sandbox, reads);
  const production = await collectOrganizationScps(proxied, accounts.production, reads);
  const calls = proxy.log.slice(start);
  const count = (operation: string, body = "") =>
    calls.filter((r) => r.operation.endsWith(`.${operation}`) && r.body.includes(body)).length;
  const root = sandbox.organization.scpLevels[0]!.targetId;
  assert.equal(production.organization.scpLevels[0]!.targetId, root);
  assert.equal(count("DescribeOrganization"), 1);
  assert.equal(count("ListPoliciesForTarget", `"TargetId":"${root}","Filter":"SERVICE_CONTROL_POLICY"`), 1);
  assert.equal(count("DescribePolicy", "p-FullAWSAccess"), 1);
  assert.deepEqual(
    production.organization.scpLevels.map((l) => l.policies.map((p) => p.name)),
    [["FullAWSAccess"], ["FullAWSAccess"]],
  );
  assert.deepEqual(
    sandbox.organization.scpLevels.map((l) => l.policies.map((p) => p.name).sort()),
    [["FullAWSAccess"], ["DenyIam", "FullAWSAccess"], ["FullAWSAccess"]],
  );
});

test("a read of the organization that failed is tried again for the next account", async () => {
  const reads = new OrganizationReads();
  let failures = 1;
  proxy.plan = (r) =>
    r.operation.endsWith(".DescribeOrganization") && failures-- > 0
      ? { status: 400, type: "AccessDeniedException", message: "denied once" }
      : "pass";
  try {
    await assert.rejects(collectOrganizationScps(proxied, accounts.production, reads), /denied once/);
    const { organization } = await collectOrganizationScps(proxied, accounts.production, reads);
    assert.equal(organization.managementAccountId, accounts.management);
  } finally {
    proxy.plan = () => "pass";
  }
});
