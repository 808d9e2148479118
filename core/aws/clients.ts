import { AthenaClient } from "@aws-sdk/client-athena";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import { emulatorRetries } from "./emulator-retries.js";

/** Access keys; a session's expire. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Where and as whom to call AWS: the CLI's --profile / --region / --endpoint-url. */
export interface AwsConnection {
  region?: string;
  profile?: string;
  /** One endpoint for every service, as the AWS CLI's --endpoint-url (local emulators). */
  endpoint?: string;
  /** Fixed keys, or a provider the SDK asks again as they near their expiration (an assumed role's session). */
  credentials?: SessionCredentials | (() => Promise<SessionCredentials>);
  /** Fail a request unanswered, or silent mid-answer, this long (each retry gets it anew); default 60 s. */
  requestTimeoutMs?: number;
  /** Attempts per request, retries included (default 8). */
  maxAttempts?: number;
  /**
   * Builds each client's retry strategy, given its attempts, in place of the SDK's adaptive or
   * standard mode: tests against an emulator retry its 500s without the growing backoff.
   */
  retryStrategy?: (maxAttempts: number) => NonNullable<IAMClientConfig["retryStrategy"]>;
}

export interface AwsClients {
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  cloudtrail: CloudTrailClient;
  athena: AthenaClient;
  /** The account's enabled regions (ec2:DescribeRegions). */
  ec2: EC2Client;
  /** CloudTrail in another region, same credentials: LookupEvents answers for its own region only. */
  cloudtrailIn: (region: string) => CloudTrailClient;
}

/**
 * Every request's budget: 8 attempts with the SDK's backoff (after a throttle, a random wait below
 * 1 s × 2^n, at most 20 s) ride out half a minute or more of an API's throttling. Past that the error
 * reaches the step, which the state machine retries as a whole.
 */
export const MAX_ATTEMPTS = 8;

/**
 * Adaptive mode also slows a client's own sending once throttled, which AWS recommends only for a
 * client of one throttled resource: IAM (one rate per account, thousands of per-principal calls)
 * and CloudTrail's LookupEvents (per account and region). A client spanning resources (S3 buckets, a
 * table that also serves the API) uses standard mode, or one throttled prefix would slow every other
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
export type RetryMode = "adaptive" | "standard";

/**
 * A stalled connection or response must end in an error a retry can act on, not hang until the
 * Lambda's own limit: 5 s to connect, 60 s to the response's headers, 60 s of silence mid-body
 * (the largest answers, GAAD pages and trail files, stream well within that).
 */
export const TIMEOUTS = { connectMs: 5_000, responseMs: 60_000 } as const;

/** SDK v3 client configuration shared by every adapter. */
export function clientConfig(connection: AwsConnection, retryMode: RetryMode = "adaptive") {
  const responseMs = connection.requestTimeoutMs ?? TIMEOUTS.responseMs;
  const maxAttempts = connection.maxAttempts ?? MAX_ATTEMPTS;
  const retryStrategy = connection.retryStrategy ?? emulatorRetries(connection.endpoint);
  return {
    region: connection.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    requestHandler: {
      connectionTimeout: Math.min(TIMEOUTS.connectMs, responseMs),
      requestTimeout: responseMs,
      socketTimeout: responseMs,
      throwOnRequestTimeout: true,
    },
    ...(retryStrategy ? { retryStrategy: retryStrategy(maxAttempts) } : { retryMode }),
    maxAttempts,
  };
}

export function createClients(connection: AwsConnection = {}): AwsClients {
  const paced = clientConfig(connection, "adaptive");
  const standard = clientConfig(connection, "standard");
  const regional = new Map<string, CloudTrailClient>();
  return {
    iam: new IAMClient(paced),
    sts: new STSClient(standard),
    // Emulators and custom endpoints do not resolve virtual-hosted bucket names.
    s3: new S3Client({ ...standard, forcePathStyle: Boolean(connection.endpoint) }),
    cloudtrail: new CloudTrailClient(paced),
    athena: new AthenaClient(standard),
    ec2: new EC2Client(standard),
    cloudtrailIn: (region) => {
      let client = regional.get(region);
      if (!client) {
        client = new CloudTrailClient({ ...paced, region });
        regional.set(region, client);
      }
      return client;
    },
  };
}
