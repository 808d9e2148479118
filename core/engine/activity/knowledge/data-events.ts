/**
 * Actions CloudTrail records only as data events, which a trail logs only when configured to
 * (event selectors), per category. Without them, "never seen" says nothing about use.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export const DATA_EVENT_ACTIONS = {
  s3: [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectAcl",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectTagging",
    "s3:GetObjectVersionTagging",
    "s3:GetObjectAttributes",
    "s3:GetObjectRetention",
    "s3:GetObjectLegalHold",
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:PutObjectTagging",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteObjectTagging",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
  ],
  lambda: ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
  dynamodb: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:PartiQLSelect",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
  ],
} as const satisfies Record<string, readonly string[]>;

export type DataEventCategory = keyof typeof DATA_EVENT_ACTIONS;

/**
 * Actions cloudtracker's list names that no management event shows: some authorize part of another
 * call, some are CloudWatch Logs data-plane calls CloudTrail does not record as management events
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html). Calling
 * them unused would break the workloads that write logs.
 */
export const NEVER_LOGGED_ACTIONS: readonly { action: string; why: string }[] = [
  { action: "iam:PassRole", why: "checked when a service is handed a role; the event is the service's call" },
  { action: "logs:PutLogEvents", why: "log ingestion is data-plane traffic, not a management event" },
  { action: "logs:GetLogEvents", why: "log reads are data-plane traffic, not management events" },
  { action: "logs:FilterLogEvents", why: "log reads are data-plane traffic, not management events" },
];
