import { AssumeRoleCommand, type AssumeRoleCommandOutput, type STSClient } from "@aws-sdk/client-sts";
import type { AwsConnection, SessionCredentials } from "./clients.js";
import { describeAwsError } from "./iam-errors.js";

/** The member role could not be assumed (missing, or its trust does not admit the caller). */
export class MemberRoleError extends Error {
  override readonly name = "MemberRoleError";
}

/** How long a member role session lasts: a role's default maximum session duration. */
const SESSION_SECONDS = 3600;

/**
 * A session is renewed this long before it expires: before the SDK's own margin (it asks its
 * credential provider again 5 minutes before the expiration), so what it is given is always fresh.
 */
export const RENEW_BEFORE_MS = 10 * 60_000;

/**
 * A connection to a member account through its read-only audit role: the caller's connection with
 * the role session's credentials. The session is named, so the member's CloudTrail shows who
 * audited it. A session lasts an hour and an organization audit or an apply may last longer: the
 * credentials are a provider that assumes the role again when the session nears its expiration,
 * as the SDK's fromTemporaryCredentials does. The first session is assumed here, so that a role
 * that cannot be assumed fails the call. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export async function memberRoleConnection(
  sts: Pick<STSClient, "send">,
  base: AwsConnection,
  roleArn: string,
  sessionName = "whittle-org-audit",
  clock: () => Date = () => new Date(),
): Promise<AwsConnection> {
  const assume = () => assumeRole(sts, roleArn, sessionName);
  let current = await assume();
  let renewing: Promise<SessionCredentials> | undefined;
  const fresh = (c: SessionCredentials) =>
    !c.expiration || c.expiration.getTime() - clock().getTime() > RENEW_BEFORE_MS;
  const credentials = async (): Promise<SessionCredentials> => {
    if (fresh(current)) return current;
    // Concurrent requests share one renewal.
    renewing ??= assume()
      .then((c) => {
        current = c;
        return c;
      })
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  const { profile: _, ...rest } = base;
  return { ...rest, credentials };
}

async function assumeRole(
  sts: Pick<STSClient, "send">,
  roleArn: string,
  sessionName: string,
): Promise<SessionCredentials> {
  let output: AssumeRoleCommandOutput;
  try {
    output = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: SESSION_SECONDS,
      }),
    );
  } catch (error) {
    throw new MemberRoleError(`cannot assume ${roleArn}: ${describeAwsError(error)}`, { cause: error });
  }
  const credentials = output.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
    throw new MemberRoleError(`AssumeRole ${roleArn} returned no credentials`);
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
}
