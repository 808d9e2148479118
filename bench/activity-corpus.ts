/**
 * The synthetic CloudTrail corpus for the activity bench: delivery files of mixed identities
 * (users with keys, role sessions, services, other accounts, root), services and resources,
 * from a seeded generator so every run reads the same bytes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Rng } from "../demo/model/rng.js";

const EVENTS_PER_FILE = 2000;
const ACCOUNT = "123456789012";
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];

/** The demo's seeded generator (mulberry32), so every run reads the same bytes. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export function generate(dir: string, total: number): void {
  const rand = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
  const roles = Array.from({ length: 60 }, (_, i) => `role-${i}`);
  const buckets = Array.from({ length: 20 }, (_, i) => `bucket-${i}`);
  const start = Date.parse("2026-08-24T00:00:00Z");
  let written = 0;
  for (let file = 0; written < total; file++) {
    const count = Math.min(EVENTS_PER_FILE, total - written);
    const records: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const time = new Date(start + Math.floor(((written + i) / total) * 89 * 86_400_000));
      records.push(
        syntheticEvent(rand, pick, { users, roles, buckets, time: `${time.toISOString().slice(0, 19)}Z` }),
      );
    }
    const name = `${ACCOUNT}_CloudTrail_us-east-1_${String(file).padStart(7, "0")}.json.gz`;
    writeFileSync(join(dir, name), gzipSync(JSON.stringify({ Records: records })));
    written += count;
  }
}

interface Pools {
  users: string[];
  roles: string[];
  buckets: string[];
  time: string;
}

function syntheticEvent(
  rand: () => number,
  pick: <T>(items: readonly T[]) => T,
  p: Pools,
): Record<string, unknown> {
  const r = rand();
  const identity =
    r < 0.3
      ? {
          type: "IAMUser",
          arn: `arn:aws:iam::${ACCOUNT}:user/${pick(p.users)}`,
          accountId: ACCOUNT,
          accessKeyId: `AKIA${Math.floor(rand() * 80)}`,
        }
      : r < 0.9
        ? (() => {
            const role = pick(p.roles);
            return {
              type: "AssumedRole",
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session-${Math.floor(rand() * 1e6)}`,
              accountId: ACCOUNT,
              accessKeyId: `ASIA${Math.floor(rand() * 1e9)}`,
              sessionContext: {
                sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/${role}` },
              },
            };
          })()
        : r < 0.95
          ? { type: "AWSService", invokedBy: pick(["lambda.amazonaws.com", "ec2.amazonaws.com"]) }
          : r < 0.98
            ? { type: "AWSAccount", accountId: "111122223333", principalId: "AROAEXAMPLE:x" }
            : { type: "Root", arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
  const region = pick(REGIONS);
  const call = pick(CALLS)(rand, p, region);
  return {
    eventVersion: "1.08",
    userIdentity: identity,
    eventTime: p.time,
    eventSource: call.source,
    eventName: call.name,
    awsRegion: region,
    sourceIPAddress: `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
    userAgent: "aws-sdk-js/3.0.0 os/linux lang/js md/nodejs#20.20.0",
    ...(rand() < 0.03 ? { errorCode: "AccessDenied", errorMessage: "User is not authorized" } : {}),
    requestParameters: call.params,
    responseElements: null,
    requestID: `${Math.floor(rand() * 1e12).toString(16)}`,
    eventID: `${Math.floor(rand() * 1e12).toString(16)}-${Math.floor(rand() * 1e12).toString(16)}`,
    readOnly: true,
    ...(call.resources ? { resources: call.resources } : {}),
    eventType: "AwsApiCall",
    managementEvent: !call.data,
    recipientAccountId: ACCOUNT,
    eventCategory: call.data ? "Data" : "Management",
  };
}

type Call = (
  rand: () => number,
  p: Pools,
  region: string,
) => {
  source: string;
  name: string;
  params: Record<string, unknown> | null;
  data?: boolean;
  resources?: unknown[];
};

const n = (rand: () => number, max: number) => Math.floor(rand() * max);

const CALLS: readonly Call[] = [
  (rand, p) => {
    const bucket = p.buckets[n(rand, p.buckets.length)]!;
    const key = `data/${n(rand, 5000)}.parquet`;
    return {
      source: "s3.amazonaws.com",
      name: rand() < 0.7 ? "GetObject" : "PutObject",
      params: { bucketName: bucket, key, Host: `${bucket}.s3.amazonaws.com` },
      data: true,
      resources: [
        { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` },
        { accountId: ACCOUNT, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
      ],
    };
  },
  (rand, p) => ({
    source: "s3.amazonaws.com",
    name: "ListObjects",
    params: { bucketName: p.buckets[n(rand, p.buckets.length)], prefix: "data/" },
    data: true,
  }),
  (rand) => ({
    source: "dynamodb.amazonaws.com",
    name: rand() < 0.5 ? "GetItem" : "PutItem",
    params: { tableName: `table-${n(rand, 15)}`, key: { id: { S: String(n(rand, 1e6)) } } },
    data: true,
  }),
  (rand) => ({
    source: "lambda.amazonaws.com",
    name: "Invoke",
    params: { functionName: `fn-${n(rand, 30)}` },
    data: true,
  }),
  (rand) => ({
    source: "lambda.amazonaws.com",
    name: "GetFunction20150331v2",
    params: { functionName: `fn-${n(rand, 30)}` },
  }),
  (rand, _p, region) => ({
    source: "sqs.amazonaws.com",
    name: "SendMessage",
    params: { queueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/queue-${n(rand, 10)}` },
  }),
  (rand) => ({ source: "kms.amazonaws.com", name: "Decrypt", params: { keyId: `key-${n(rand, 8)}` } }),
  (rand) => ({
    source: "ec2.amazonaws.com",
    name: "DescribeInstances",
    params: { maxResults: 50 + n(rand, 50) },
  }),
  () => ({ source: "iam.amazonaws.com", name: "ListRoles", params: null }),
  () => ({ source: "sts.amazonaws.com", name: "GetCallerIdentity", params: null }),
  (rand, p) => ({
    source: "sts.amazonaws.com",
    name: "AssumeRole",
    params: {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${p.roles[n(rand, p.roles.length)]}`,
      roleSessionName: "s",
    },
  }),
  (rand) => ({
    source: "secretsmanager.amazonaws.com",
    name: "GetSecretValue",
    params: { secretId: `app/secret-${n(rand, 12)}` },
  }),
  (rand) => ({
    source: "ssm.amazonaws.com",
    name: "GetParameter",
    params: { name: `/app/param-${n(rand, 40)}` },
  }),
  () => ({ source: "monitoring.amazonaws.com", name: "PutMetricData", params: { namespace: "App" } }),
];
