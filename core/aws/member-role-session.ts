import { AssumeRoleCommand, type AssumeRoleCommandOutput, type STSClient } from "@aws-sdk/client-sts";
import type { AwsConnection } from "./clients.js";
import { describeAwsError } from "./iam-errors.js";

/** The member role could not be assumed (missing, or its trust does not admit the caller). */
export class MemberRoleError extends Error {
  override readonly name = "MemberRoleError";
}

/**
 * A connection to a member account through its read-only audit role: the caller's connection with
 * the role session's credentials. The session is named, so the member's CloudTrail shows who
 * audited it. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export async function memberRoleConnection(
  sts: Pick<STSClient, "send">,
  base: AwsConnection,
  roleArn: string,
  sessionName = "whittle-org-audit",
): Promise<AwsConnection> {
  let output: AssumeRoleCommandOutput;
  try {
    output = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }),
    );
  } catch (error) {
    throw new MemberRoleError(`cannot assume ${roleArn}: ${describeAwsError(error)}`, { cause: error });
  }
  const credentials = output.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey)
    throw new MemberRoleError(`AssumeRole ${roleArn} returned no credentials`);
  const { profile: _, ...rest } = base;
  return {
    ...rest,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    },
  };
}
