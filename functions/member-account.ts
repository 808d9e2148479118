import { memberRoleConnection } from "../core/aws/member-role-session.js";
import type { AccountClients, Runtime } from "./runtime.js";
import type { RunState } from "./steps/run-state.js";

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

/** Clients of the audited account: the function's own, or an org member's through its audit role. */
export function connect(rt: Runtime, run: RunState): Promise<AccountClients> {
  return run.accountId && rt.config.orgMode
    ? memberAccountClients(rt, run.accountId, run.runId)
    : Promise.resolve(rt.clients);
}
