import assert from "node:assert/strict";
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import type { AwsClients } from "../../core/aws/clients.js";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import type { Plan } from "../../core/engine/report/schema.js";
import { EC2_TRUST, motoArn, plansFor, S3_ALL } from "./plan-fixture.js";

/**
 * Roles made in moto, each holding its own customer managed policy `old-<role>` (S3_ALL), and the
 * plans `plansFor` makes for them from moto's snapshot.
 */
export async function rolesWithOwnPolicies(clients: AwsClients, roles: readonly string[]): Promise<Plan[]> {
  const { iam } = clients;
  for (const RoleName of roles) {
    const PolicyName = `old-${RoleName}`;
    await iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: JSON.stringify(S3_ALL) }));
    await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(EC2_TRUST) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: motoArn("policy", PolicyName) }));
  }
  const snapshot = await new IamSnapshotSource(clients, { lastAccessed: false }, "moto").load();
  return plansFor(snapshot, roles);
}

/** The plan of the role named. */
export function planOfRole(plans: readonly Plan[], role: string): Plan {
  const plan = plans.find((p) => p.target.type === "role" && p.target.name === role);
  assert.ok(plan, `a plan for role ${role}`);
  return plan;
}
