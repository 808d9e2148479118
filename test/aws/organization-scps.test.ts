import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AttachPolicyCommand, CreatePolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { clientConfig } from "../../core/aws/clients.js";
import { collectOrganizationScps } from "../../core/aws/organization-scps.js";
import type { Organization } from "../../core/engine/snapshot/model.js";
import { permissiveFindings } from "../helpers/findings.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { sandboxOrganization } from "../helpers/organization.js";
import { ADMIN } from "../helpers/policies.js";
import { role, snapshotWith } from "../helpers/snapshot-fixture.js";

let moto: MotoServer;
let organizations: OrganizationsClient;
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
});
after(() => moto.stop());

function adminFinding(accountId: string, organization: Organization) {
  const snapshot = snapshotWith({
    accountId,
    organization,
    roles: [role("Admin", { inlinePolicies: [{ name: "admin", document: ADMIN }] })],
  });
  return permissiveFindings(snapshot).find((f) => f.kind === "admin-access");
}

test("the SCPs are collected along the account's path: root, its OU, the account", async () => {
  const org = await collectOrganizationScps(organizations, accounts.sandbox);
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
    await collectOrganizationScps(organizations, accounts.sandbox),
  );
  assert.ok(finding, "an admin of its account is still reported");
  assert.equal(finding.severity, "high");
  assert.match(finding.title, /limited by service control policies/);
  assert.ok(finding.detail.includes(denyIam), finding.detail);
  assert.match(finding.detail, /services: iam\)/);
  assert.deepEqual(finding.evidence.limitedBy, [{ policy: denyIam, statementIndex: 0 }]);
});

test("an admin role in an account outside the OU stays a full administrator", async () => {
  const org = await collectOrganizationScps(organizations, accounts.production);
  assert.equal(org.scpLevels.length, 2);
  const finding = adminFinding(accounts.production, org);
  assert.equal(finding?.severity, "critical");
  assert.equal(finding?.evidence.level, "certain");
});

test("SCPs do not limit the management account nor a service-linked role", async () => {
  const sandbox = await collectOrganizationScps(organizations, accounts.sandbox);
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
  const org = await collectOrganizationScps(organizations, accounts.sandbox);
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
