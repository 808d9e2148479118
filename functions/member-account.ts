import { memberRoleConnection } from "../core/aws/member-role-session.js";
import type { AccountClients, Runtime } from "./runtime.js";

/**
 * Clients for a member account, through the read-only role every member account deploys under the
 * configured name; the session is named for the run, so the member's CloudTrail shows which audited it.
 */
export async function memberAccountClients(
  runtime: Runtime,
  accountId: string,
  runId: string,
): Promise<AccountClients> {
  const roleArn = `arn:${runtime.config.partition}:iam::${accountId}:role/${runtime.config.memberRoleName}`;
  const member = await memberRoleConnection(
    runtime.clients.sts,
    {},
    roleArn,
    `whittle-${runId}`.slice(0, 64),
  );
  if (!member.credentials) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
  return runtime.connect(member.credentials);
}
