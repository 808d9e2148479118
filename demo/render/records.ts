import { ACCOUNT_ID, GITHUB_OIDC } from "../model/account.js";
import type { Call } from "../model/calls.js";
import { accessKeyId, type Rng } from "../model/rng.js";

export type CloudTrailRecord = Record<string, unknown>;

export const ctTime = (time: Date) => `${time.toISOString().slice(0, 19)}Z`;

const TLS = (host: string) => ({
  tlsVersion: "TLSv1.3",
  cipherSuite: "TLS_AES_128_GCM_SHA256",
  clientProvidedHostHeader: host,
});

/** Request ids differ by service: S3 uses 16 hex digits, DynamoDB 52 base-36 characters. */
function requestId(rng: Rng, source: string): string {
  if (source === "s3.amazonaws.com") return rng.chars("0123456789ABCDEF", 16);
  if (source === "dynamodb.amazonaws.com") return rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 52);
  return rng.uuid();
}

/** An API call as CloudTrail records it, fields in CloudTrail's order. */
export function apiRecord(
  call: Call,
  at: { time: Date; region: string; ip: string; agent: string },
  identity: Record<string, unknown>,
  rng: Rng,
): CloudTrailRecord {
  const params = call.params?.({ rng, time: at.time }) ?? null;
  const host =
    call.source === "s3.amazonaws.com"
      ? String(params?.Host ?? "s3.amazonaws.com")
      : `${call.source.split(".")[0]}.${at.region}.amazonaws.com`;
  const denied = call.denied === true;
  const service = call.source.split(".")[0]!;
  const data = call.data === true;
  return {
    eventVersion: data && service === "s3" ? "1.10" : "1.09",
    userIdentity: identity,
    eventTime: ctTime(at.time),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: at.region,
    sourceIPAddress: at.ip,
    userAgent: at.agent,
    ...(denied
      ? {
          errorCode: "AccessDenied",
          errorMessage: `User: ${String(identity.arn)} is not authorized to perform: ${iamAction(call)} because no identity-based policy allows the ${iamAction(call)} action`,
        }
      : {}),
    requestParameters: params,
    responseElements: denied ? null : (call.response?.({ rng, time: at.time }) ?? null),
    ...(data && service === "s3"
      ? {
          additionalEventData: {
            SignatureVersion: "SigV4",
            CipherSuite: "TLS_AES_128_GCM_SHA256",
            bytesTransferredIn: call.name === "PutObject" ? rng.int(2_000, 900_000) : 0,
            AuthenticationMethod: "AuthHeader",
            "x-amz-id-2": rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 76),
            bytesTransferredOut: call.name === "GetObject" ? rng.int(2_000, 900_000) : 0,
          },
        }
      : {}),
    requestID: requestId(rng, call.source),
    eventID: rng.uuid(),
    readOnly: call.readOnly,
    ...(call.resources && params && !denied ? { resources: call.resources(params) } : {}),
    eventType: "AwsApiCall",
    ...(call.apiVersion ? { apiVersion: call.apiVersion } : {}),
    managementEvent: !data,
    recipientAccountId: ACCOUNT_ID,
    eventCategory: data ? "Data" : "Management",
    tlsDetails: TLS(host),
  };
}

/** The denied action as IAM names it (the calls denied in the demo need no event→action exception). */
function iamAction(call: Call): string {
  const prefix = call.source.split(".")[0]!;
  return `${prefix}:${call.name.replace(/\d{8}(v\d+)?$/, "")}`;
}

/** A console sign-in: its own event type, no permission involved. */
export function consoleLogin(
  user: { name: string; id: string; arn: string },
  at: { time: Date; ip: string },
  mfa: boolean,
  rng: Rng,
): CloudTrailRecord {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: user.id,
      arn: user.arn,
      accountId: ACCOUNT_ID,
      userName: user.name,
    },
    eventTime: ctTime(at.time),
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    awsRegion: "us-east-1",
    sourceIPAddress: at.ip,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    requestParameters: null,
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: {
      LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgsFromTB_us-east-1&isauthcode=true",
      MobileVersion: "No",
      ...(mfa ? { MFAIdentifier: `arn:aws:iam::${ACCOUNT_ID}:mfa/${user.name}` } : {}),
      MFAUsed: mfa ? "Yes" : "No",
    },
    eventID: rng.uuid(),
    readOnly: false,
    eventType: "AwsConsoleSignIn",
    managementEvent: true,
    recipientAccountId: ACCOUNT_ID,
    eventCategory: "Management",
    tlsDetails: TLS("signin.aws.amazon.com"),
  };
}

/** GitHub's runner exchanging its OIDC token for the role's credentials, before the job's calls. */
export function assumeRoleWithWebIdentity(
  role: { name: string; arn: string; id: string },
  subject: string,
  at: { time: Date; ip: string; agent: string },
  rng: Rng,
): CloudTrailRecord {
  const provider = "token.actions.githubusercontent.com";
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "WebIdentityUser",
      principalId: `${GITHUB_OIDC}:sts.amazonaws.com:${subject}`,
      userName: subject,
      identityProvider: GITHUB_OIDC,
    },
    eventTime: ctTime(at.time),
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithWebIdentity",
    awsRegion: "us-east-1",
    sourceIPAddress: at.ip,
    userAgent: at.agent,
    requestParameters: { roleArn: role.arn, roleSessionName: "GitHubActions", durationSeconds: 3600 },
    responseElements: {
      credentials: {
        accessKeyId: accessKeyId("ASIA", rng),
        sessionToken: `IQoJb3JpZ2luX2Vj${rng.hex(24)}`,
        expiration: new Date(at.time.getTime() + 3_600_000).toUTCString(),
      },
      subjectFromWebIdentityToken: subject,
      assumedRoleUser: {
        assumedRoleId: `${role.id}:GitHubActions`,
        arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.name}/GitHubActions`,
      },
      provider: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${provider}`,
      audience: "sts.amazonaws.com",
    },
    additionalEventData: { identityProviderConnectionVerificationMethod: "IAMTrustStore" },
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: true,
    resources: [
      { accountId: ACCOUNT_ID, type: "AWS::IAM::Role", ARN: role.arn },
      { accountId: ACCOUNT_ID, type: "AWS::IAM::OIDCProvider", ARN: GITHUB_OIDC },
    ],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT_ID,
    eventCategory: "Management",
    tlsDetails: TLS("sts.amazonaws.com"),
  };
}
