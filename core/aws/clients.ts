import { AthenaClient } from "@aws-sdk/client-athena";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EC2Client } from "@aws-sdk/client-ec2";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

/** Where and as whom to call AWS: the CLI's --profile / --region / --endpoint-url. */
export interface AwsConnection {
  region?: string;
  profile?: string;
  /** One endpoint for every service, as the AWS CLI's --endpoint-url (local emulators). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Fail a request that gets no complete answer within this time (each retry gets it anew). */
  requestTimeoutMs?: number;
  /** Attempts per request, retries included (default 8). */
  maxAttempts?: number;
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

/** SDK v3 client configuration shared by every adapter: adaptive retries absorb IAM throttling. */
export function clientConfig(connection: AwsConnection) {
  return {
    region: connection.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    ...(connection.requestTimeoutMs
      ? {
          requestHandler: {
            connectionTimeout: connection.requestTimeoutMs,
            requestTimeout: connection.requestTimeoutMs,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
    retryMode: "adaptive" as const,
    maxAttempts: connection.maxAttempts ?? 8,
  };
}

export function createClients(connection: AwsConnection = {}): AwsClients {
  const config = clientConfig(connection);
  const regional = new Map<string, CloudTrailClient>();
  return {
    iam: new IAMClient(config),
    sts: new STSClient(config),
    // Emulators and custom endpoints do not resolve virtual-hosted bucket names.
    s3: new S3Client({ ...config, forcePathStyle: Boolean(connection.endpoint) }),
    cloudtrail: new CloudTrailClient(config),
    athena: new AthenaClient(config),
    ec2: new EC2Client(config),
    cloudtrailIn: (region) => {
      let client = regional.get(region);
      if (!client) {
        client = new CloudTrailClient({ ...config, region });
        regional.set(region, client);
      }
      return client;
    },
  };
}
