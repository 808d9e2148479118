import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { AccountClients, Runtime } from "./runtime.js";

/**
 * Clients for a member account, through the read-only role every member account deploys under the
 * configured name. Sessions are short and named, so the member's CloudTrail shows who audited it.
 */
export async function memberAccountClients(
  runtime: Runtime,
  accountId: string,
  runId: string,
): Promise<AccountClients> {
  const roleArn = `arn:${runtime.config.partition}:iam::${accountId}:role/${runtime.config.memberRoleName}`;
  const output = await runtime.clients.sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `whittle-${runId}`.slice(0, 64),
      DurationSeconds: 3600,
    }),
  );
  const credentials = output.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
    throw new Error(`AssumeRole ${roleArn} returned no credentials`);
  return runtime.connect({
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
  });
}
