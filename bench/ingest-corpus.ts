/**
 * Realistic CloudTrail delivery files for the ingest bench: records shaped as AWS writes them
 * (about 1.3 KB each, as in real trails: session context, TLS details, user agents, request and
 * response elements), mixed identities, services and resources, from a seeded generator so that
 * every run reads the same bytes. Past the first 200 files (200,000 events) the files repeat, so
 * that 10 M events generate in a minute: what is kept grows with distinct tuples, which the
 * repeated files share, so time and memory are those of a trail of that length and shape.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Rng } from "../demo/model/rng.js";

const EVENTS_PER_FILE = 1000;
const DISTINCT_FILES = 200;
const ACCOUNT = "123456789012";
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const AGENTS = [
  "aws-sdk-java/2.20.162 Linux/5.10.192-183.736.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.8+7-LTS Java/17.0.8 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy",
  "aws-cli/2.13.25 Python/3.11.5 Linux/6.2.0-1012-aws exe/x86_64.ubuntu.22 prompt/off command/s3.cp",
  "Boto3/1.28.62 md/Botocore#1.31.62 ua/2.0 os/linux#5.10.196-185.743.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.62",
  "aws-sdk-js/3.451.0 ua/2.0 os/linux#5.10.198-187.748.amzn2.x86_64 lang/js md/nodejs#20.9.0 api/dynamodb#3.451.0",
];

/** The demo's seeded generator (mulberry32), so every run reads the same bytes. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** The trail's days: the distinct files' records spread over them, so that the repeats cover them too. */
export const TRAIL_DAYS = 89;
/** The instant the trail's days end; `--now` for an audit of it, with `--days TRAIL_DAYS`. */
export const TRAIL_END = "2026-11-21T00:00:00Z";

export function generateTrail(dir: string, total: number): void {
  const rand = random(15);
  const n = (max: number) => Math.floor(rand() * max);
  const hex = (len: number) => Array.from({ length: len }, () => n(16).toString(16)).join("");
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const start = Date.parse("2026-08-24T00:00:00Z");
  let written = 0;
  const distinct: Buffer[] = [];
  for (let file = 0; written < total; file++) {
    const count = Math.min(EVENTS_PER_FILE, total - written);
    const name = `${ACCOUNT}_CloudTrail_us-east-1_${String(file).padStart(7, "0")}.json.gz`;
    if (file >= DISTINCT_FILES && count === EVENTS_PER_FILE) {
      writeFileSync(join(dir, name), distinct[file % DISTINCT_FILES]!);
      written += count;
      continue;
    }
    const records: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const spread = Math.min(total, DISTINCT_FILES * EVENTS_PER_FILE);
      const at = new Date(start + Math.floor(((written + i) / spread) * TRAIL_DAYS * 86_400_000));
      const time = `${at.toISOString().slice(0, 19)}Z`;
      const region = REGIONS[n(REGIONS.length)]!;
      const call = CALLS[n(CALLS.length)]!(n, region);
      const r = rand();
      const role = `role-${n(60)}`;
      const identity =
        r < 0.3
          ? {
              type: "IAMUser",
              principalId: `AIDA${hex(16).toUpperCase()}`,
              arn: `arn:aws:iam::${ACCOUNT}:user/user-${n(40)}`,
              accountId: ACCOUNT,
              accessKeyId: `AKIA${String(n(80)).padStart(16, "0")}`,
              userName: `user-${n(40)}`,
            }
          : r < 0.92
            ? {
                type: "AssumedRole",
                principalId: `AROA${hex(16).toUpperCase()}:session-${n(1e6)}`,
                arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session-${n(1e6)}`,
                accountId: ACCOUNT,
                accessKeyId: `ASIA${hex(16).toUpperCase()}`,
                sessionContext: {
                  sessionIssuer: {
                    type: "Role",
                    principalId: `AROA${hex(16).toUpperCase()}`,
                    arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
                    accountId: ACCOUNT,
                    userName: role,
                  },
                  webIdFederationData: {},
                  attributes: { creationDate: time, mfaAuthenticated: "false" },
                },
              }
            : r < 0.97
              ? { type: "AWSService", invokedBy: ["lambda.amazonaws.com", "ec2.amazonaws.com"][n(2)] }
              : { type: "AWSAccount", accountId: "111122223333", principalId: `AROAEXAMPLE${n(9)}:x` };
      records.push({
        eventVersion: "1.09",
        userIdentity: identity,
        eventTime: time,
        eventSource: call.source,
        eventName: call.name,
        awsRegion: region,
        sourceIPAddress: `10.${n(255)}.${n(255)}.${n(255)}`,
        userAgent: AGENTS[n(AGENTS.length)],
        ...(rand() < 0.03
          ? { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform this operation" }
          : {}),
        requestParameters: call.params,
        responseElements: call.response ?? null,
        additionalEventData: call.data
          ? {
              SignatureVersion: "SigV4",
              CipherSuite: "ECDHE-RSA-AES128-GCM-SHA256",
              bytesTransferredIn: 0,
              AuthenticationMethod: "AuthHeader",
              "x-amz-id-2": hex(60),
              bytesTransferredOut: n(1e6),
            }
          : undefined,
        requestID: hex(32).toUpperCase(),
        eventID: uuid(),
        readOnly: !call.write,
        ...(call.resources ? { resources: call.resources } : {}),
        eventType: "AwsApiCall",
        managementEvent: !call.data,
        recipientAccountId: ACCOUNT,
        ...(call.data ? { sharedEventID: uuid() } : {}),
        eventCategory: call.data ? "Data" : "Management",
        tlsDetails: {
          tlsVersion: "TLSv1.3",
          cipherSuite: "TLS_AES_128_GCM_SHA256",
          clientProvidedHostHeader: `${call.source.split(".")[0]}.${region}.amazonaws.com`,
        },
      });
    }
    const bytes = gzipSync(JSON.stringify({ Records: records }));
    distinct.push(bytes);
    writeFileSync(join(dir, name), bytes);
    written += count;
  }
}

interface Call {
  source: string;
  name: string;
  params: Record<string, unknown> | null;
  response?: Record<string, unknown>;
  data?: boolean;
  write?: boolean;
  resources?: unknown[];
}

const CALLS: readonly ((n: (max: number) => number, region: string) => Call)[] = [
  (n) => {
    const bucket = `bucket-${n(20)}`;
    const key = `data/${n(50)}/part-${n(5000)}.parquet`;
    const write = n(10) < 3;
    return {
      source: "s3.amazonaws.com",
      name: write ? "PutObject" : "GetObject",
      params: { bucketName: bucket, key, Host: `${bucket}.s3.amazonaws.com` },
      data: true,
      write,
      resources: [
        { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` },
        { accountId: ACCOUNT, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
      ],
    };
  },
  (n) => ({
    source: "s3.amazonaws.com",
    name: "ListObjects",
    params: { bucketName: `bucket-${n(20)}`, prefix: "data/", "list-type": "2" },
    data: true,
  }),
  (n) => ({
    source: "dynamodb.amazonaws.com",
    name: n(2) ? "GetItem" : "PutItem",
    params: { tableName: `table-${n(15)}`, key: { id: { S: String(n(1e6)) } }, consistentRead: false },
    data: true,
  }),
  (n) => ({
    source: "lambda.amazonaws.com",
    name: "Invoke",
    params: { functionName: `fn-${n(30)}` },
    data: true,
  }),
  (n, region) => ({
    source: "sqs.amazonaws.com",
    name: "SendMessage",
    params: { queueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/queue-${n(10)}` },
    response: { mD5OfMessageBody: "d41d8cd98f00b204e9800998ecf8427e", messageId: `${n(1e9)}` },
    write: true,
  }),
  (n) => ({
    source: "kms.amazonaws.com",
    name: "Decrypt",
    params: { encryptionAlgorithm: "SYMMETRIC_DEFAULT", keyId: `key-${n(8)}` },
  }),
  (n) => ({
    source: "ec2.amazonaws.com",
    name: "DescribeInstances",
    params: { maxResults: 50 + n(50), instancesSet: {}, filterSet: {} },
  }),
  () => ({ source: "iam.amazonaws.com", name: "ListRoles", params: null }),
  () => ({ source: "sts.amazonaws.com", name: "GetCallerIdentity", params: null }),
  (n) => ({
    source: "sts.amazonaws.com",
    name: "AssumeRole",
    params: {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/role-${n(60)}`,
      roleSessionName: `session-${n(1e6)}`,
      durationSeconds: 3600,
    },
    response: {
      credentials: {
        accessKeyId: `ASIA${n(1e9)}`,
        sessionToken: "IQoJb3JpZ2luX2VjEBoaCXVzLWVhc3QtMSJHMEUCIQ",
        expiration: "Nov 22, 2026, 1:00:00 AM",
      },
    },
  }),
  (n) => ({
    source: "secretsmanager.amazonaws.com",
    name: "GetSecretValue",
    params: { secretId: `app/secret-${n(12)}` },
  }),
  (n) => ({
    source: "ssm.amazonaws.com",
    name: "GetParameter",
    params: { name: `/app/param-${n(40)}`, withDecryption: true },
  }),
  () => ({
    source: "monitoring.amazonaws.com",
    name: "PutMetricData",
    params: { namespace: "App" },
    write: true,
  }),
  (n) => ({
    source: "logs.amazonaws.com",
    name: "CreateLogStream",
    params: { logGroupName: `/aws/lambda/fn-${n(30)}`, logStreamName: `2026/11/22/[$LATEST]${n(1e9)}` },
    write: true,
  }),
];

/**
 * The account the trail belongs to, as a GetAccountAuthorizationDetails document: its 40 users and
 * 60 roles, each allowed the services the trail calls, so that every record weighs on a finding
 * or a recommendation.
 */
export function accountSnapshot(): Record<string, unknown> {
  const services = [...new Set(CALLS.map((call) => call(() => 0, "us-east-1").source.split(".")[0]))];
  const policy = [
    {
      PolicyName: "services",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: services.map((s) => `${s === "monitoring" ? "cloudwatch" : s}:*`),
            Resource: "*",
          },
        ],
      },
    },
  ];
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  };
  const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(17, "0")}`;
  return {
    UserDetailList: Array.from({ length: 40 }, (_, n) => ({
      Path: "/",
      UserName: `user-${n}`,
      UserId: id("AIDA", n),
      Arn: `arn:aws:iam::${ACCOUNT}:user/user-${n}`,
      CreateDate: "2025-01-01T00:00:00Z",
      UserPolicyList: policy,
      GroupList: [],
      AttachedManagedPolicies: [],
    })),
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: 60 }, (_, n) => ({
      Path: "/",
      RoleName: `role-${n}`,
      RoleId: id("AROA", n),
      Arn: `arn:aws:iam::${ACCOUNT}:role/role-${n}`,
      CreateDate: "2025-01-01T00:00:00Z",
      AssumeRolePolicyDocument: trust,
      RolePolicyList: policy,
      AttachedManagedPolicies: [],
      InstanceProfileList: [],
    })),
    Policies: [],
  };
}
