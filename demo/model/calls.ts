import { ACCOUNT_ID, arn } from "./account.js";
import type { Rng } from "./rng.js";

export interface CallContext {
  rng: Rng;
  /** When the call is made. */
  time: Date;
}

export interface Resource {
  type: string;
  ARN: string;
  accountId?: string;
}

/** One kind of API call a principal makes, with the fields CloudTrail records for it. */
export interface Call {
  source: string;
  name: string;
  readOnly: boolean;
  /** A data event (S3 objects, DynamoDB items): category Data, managementEvent false. */
  data?: boolean;
  region?: string;
  weight?: number;
  params?: (ctx: CallContext) => Record<string, unknown> | null;
  response?: (ctx: CallContext) => Record<string, unknown> | null;
  /** The `resources` array, for the calls where CloudTrail writes one; built from the parameters. */
  resources?: (params: Record<string, unknown>) => Resource[];
  /** A deliberate AccessDenied record: the policies do not allow the call. */
  denied?: boolean;
  /** An AWS service calling with the principal's credentials on its behalf (Athena reading S3). */
  invokedBy?: string;
  /** CloudTrail's API version field, for the services that record one. */
  apiVersion?: string;
}

/** S3 object-level calls are data events; CloudTrail names the bucket, key and host. */
export function s3Object(
  name: "GetObject" | "PutObject" | "DeleteObject",
  bucket: string,
  key: (ctx: CallContext) => string,
  extra: Partial<Call> = {},
): Call {
  return {
    source: "s3.amazonaws.com",
    name,
    readOnly: name === "GetObject",
    data: true,
    params: (ctx) => ({ bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, key: key(ctx) }),
    resources: (params) => [
      { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${String(params.key)}` },
      { accountId: ACCOUNT_ID, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
    ],
    ...extra,
  };
}

export function s3List(bucket: string, prefix: string, extra: Partial<Call> = {}): Call {
  return {
    source: "s3.amazonaws.com",
    name: "ListObjects",
    readOnly: true,
    data: true,
    params: () => ({
      "list-type": "2",
      bucketName: bucket,
      "encoding-type": "url",
      prefix,
      Host: `${bucket}.s3.amazonaws.com`,
    }),
    resources: () => [{ accountId: ACCOUNT_ID, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` }],
    ...extra,
  };
}

/** DynamoDB item calls are data events; CloudTrail hides key values. */
export function dynamo(
  name: "GetItem" | "PutItem" | "UpdateItem" | "Query" | "Scan",
  table: string,
  extra: Partial<Call> = {},
): Call {
  const hidden = "HIDDEN_DUE_TO_SECURITY_REASONS";
  const params: Record<string, unknown> =
    name === "Query"
      ? { tableName: table, keyConditionExpression: hidden, expressionAttributeValues: hidden }
      : name === "Scan"
        ? { tableName: table, select: "ALL_ATTRIBUTES" }
        : { tableName: table, key: { pk: hidden, sk: hidden } };
  return {
    source: "dynamodb.amazonaws.com",
    name,
    readOnly: name === "GetItem" || name === "Query" || name === "Scan",
    data: true,
    params: () => params,
    resources: () => [{ accountId: ACCOUNT_ID, type: "AWS::DynamoDB::Table", ARN: arn.table(table) }],
    ...extra,
  };
}

/** A management event with fixed or generated request parameters. */
export function api(
  service: string,
  name: string,
  readOnly: boolean,
  params: Record<string, unknown> | null | ((ctx: CallContext) => Record<string, unknown> | null) = null,
  extra: Partial<Call> = {},
): Call {
  return {
    source: `${service}.amazonaws.com`,
    name,
    readOnly,
    params: typeof params === "function" ? params : () => params,
    ...extra,
  };
}

export function createLogStream(group: string, stream: (ctx: CallContext) => string): Call {
  return api("logs", "CreateLogStream", false, (ctx) => ({
    logGroupName: group,
    logStreamName: stream(ctx),
  }));
}

/** Lambda names a function's log streams by date and execution environment. */
export const lambdaStream = ({ rng, time }: CallContext) =>
  `${time.toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${rng.hex(32)}`;

/** A key under a prefix, with the date in it as most pipelines write them. */
export const datedKey =
  (prefix: string, suffix: string) =>
  ({ rng, time }: CallContext) =>
    `${prefix}${time.toISOString().slice(0, 10)}/${rng.hex(8)}${suffix}`;
