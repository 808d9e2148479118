/**
 * Where a CloudTrail event is not simply `<service>:<eventName>`. Each entry states what IAM
 * authorizes for the call. Seeded from the AWS Service Authorization Reference and cross-checked
 * against iann0036/iam-dataset's SDK-method mappings (MIT, (c) Ian Mckay); entries there that
 * depend on request options (tagging on copy, PassRole when a role is given) are left out, so no
 * action is claimed that the call may not have used.
 */

/** Which of the request's resources an action is authorized against. */
export type ResourceRole = "target" | "copySource";

export interface MappedAction {
  action: string;
  resource?: ResourceRole;
}

export type EventException =
  | { service: string; event: string; actions: readonly MappedAction[]; why: string }
  | { service: string; event: string; class: "no-permission" | "non-api"; why: string };

const to = (...actions: string[]): MappedAction[] => actions.map((action) => ({ action }));

const S3_RENAMES: readonly [string, string, string][] = [
  ["ListObjects", "s3:ListBucket", "listing a bucket's keys is authorized as ListBucket"],
  ["ListObjectsV2", "s3:ListBucket", "listing a bucket's keys is authorized as ListBucket"],
  ["HeadBucket", "s3:ListBucket", "HEAD on a bucket is authorized as ListBucket"],
  ["HeadObject", "s3:GetObject", "HEAD on an object is authorized as GetObject"],
  ["SelectObjectContent", "s3:GetObject", "S3 Select reads the object"],
  ["ListBuckets", "s3:ListAllMyBuckets", "the IAM action keeps its older name"],
  ["ListObjectVersions", "s3:ListBucketVersions", "the IAM action keeps its older name"],
  ["ListMultipartUploads", "s3:ListBucketMultipartUploads", "the IAM action keeps its older name"],
  ["ListParts", "s3:ListMultipartUploadParts", "the IAM action keeps its older name"],
  ["CreateMultipartUpload", "s3:PutObject", "multipart uploads are authorized as PutObject"],
  ["UploadPart", "s3:PutObject", "multipart uploads are authorized as PutObject"],
  ["CompleteMultipartUpload", "s3:PutObject", "multipart uploads are authorized as PutObject"],
  ["DeleteObjects", "s3:DeleteObject", "a batch delete is authorized per key as DeleteObject"],
  ["PutBucketCors", "s3:PutBucketCORS", "IAM spells CORS in capitals"],
  ["GetBucketCors", "s3:GetBucketCORS", "IAM spells CORS in capitals"],
  ["DeleteBucketCors", "s3:PutBucketCORS", "deleting the CORS configuration is a put"],
  ["PutBucketLifecycle", "s3:PutLifecycleConfiguration", "the lifecycle API maps to one action"],
  ["PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration", "the lifecycle API maps to one action"],
  ["DeleteBucketLifecycle", "s3:PutLifecycleConfiguration", "deleting the lifecycle is a put"],
  ["GetBucketLifecycle", "s3:GetLifecycleConfiguration", "the lifecycle API maps to one action"],
  ["GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration", "the lifecycle API maps to one action"],
  ["PutBucketEncryption", "s3:PutEncryptionConfiguration", "default encryption is a configuration"],
  ["DeleteBucketEncryption", "s3:PutEncryptionConfiguration", "deleting default encryption is a put"],
  ["GetBucketEncryption", "s3:GetEncryptionConfiguration", "default encryption is a configuration"],
  ["PutBucketReplication", "s3:PutReplicationConfiguration", "replication is a configuration"],
  ["DeleteBucketReplication", "s3:PutReplicationConfiguration", "deleting replication is a put"],
  ["GetBucketReplication", "s3:GetReplicationConfiguration", "replication is a configuration"],
  ["DeleteBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "deleting the block is a put"],
  ["DeleteBucketTagging", "s3:PutBucketTagging", "deleting tags is a put"],
  ["DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls", "deleting the controls is a put"],
  ["PutBucketNotificationConfiguration", "s3:PutBucketNotification", "one action for both API versions"],
  ["GetBucketNotificationConfiguration", "s3:GetBucketNotification", "one action for both API versions"],
  ["PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration", "object lock is set per bucket"],
  ["GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", "object lock is set per bucket"],
  ["PutBucketAccelerateConfiguration", "s3:PutAccelerateConfiguration", "the IAM action drops Bucket"],
  ["GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration", "the IAM action drops Bucket"],
  ["PutBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration", "the IAM action drops Bucket"],
  ["DeleteBucketAnalyticsConfiguration", "s3:PutAnalyticsConfiguration", "deleting is a put"],
  ["GetBucketAnalyticsConfiguration", "s3:GetAnalyticsConfiguration", "the IAM action drops Bucket"],
  ["ListBucketAnalyticsConfigurations", "s3:GetAnalyticsConfiguration", "listing is a get"],
  ["PutBucketInventoryConfiguration", "s3:PutInventoryConfiguration", "the IAM action drops Bucket"],
  ["DeleteBucketInventoryConfiguration", "s3:PutInventoryConfiguration", "deleting is a put"],
  ["GetBucketInventoryConfiguration", "s3:GetInventoryConfiguration", "the IAM action drops Bucket"],
  ["ListBucketInventoryConfigurations", "s3:GetInventoryConfiguration", "listing is a get"],
  ["PutBucketMetricsConfiguration", "s3:PutMetricsConfiguration", "the IAM action drops Bucket"],
  ["DeleteBucketMetricsConfiguration", "s3:PutMetricsConfiguration", "deleting is a put"],
  ["GetBucketMetricsConfiguration", "s3:GetMetricsConfiguration", "the IAM action drops Bucket"],
  ["ListBucketMetricsConfigurations", "s3:GetMetricsConfiguration", "listing is a get"],
];

export const EVENT_EXCEPTIONS: readonly EventException[] = [
  ...S3_RENAMES.map(([event, action, why]) => ({ service: "s3", event, actions: to(action), why })),
  {
    service: "s3",
    event: "CopyObject",
    actions: [{ action: "s3:GetObject", resource: "copySource" }, { action: "s3:PutObject" }],
    why: "a copy reads the source object and writes the target",
  },
  {
    service: "s3",
    event: "UploadPartCopy",
    actions: [{ action: "s3:GetObject", resource: "copySource" }, { action: "s3:PutObject" }],
    why: "a part copy reads the source object and writes the target",
  },
  { service: "lambda", event: "Invoke", actions: to("lambda:InvokeFunction"), why: "data event name" },
  {
    service: "lambda",
    event: "GetLayerVersionByArn",
    actions: to("lambda:GetLayerVersion"),
    why: "the same read by ARN",
  },
  {
    service: "dynamodb",
    event: "TransactWriteItems",
    actions: to(
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
    ),
    why: "IAM authorizes each item of a transaction as its own operation; the record does not say which kinds it held",
  },
  {
    service: "dynamodb",
    event: "TransactGetItems",
    actions: to("dynamodb:GetItem"),
    why: "each item read is a GetItem",
  },
  {
    service: "kms",
    event: "ReEncrypt",
    actions: to("kms:ReEncryptFrom", "kms:ReEncryptTo"),
    why: "re-encryption decrypts under one key and encrypts under another",
  },
  { service: "sqs", event: "SendMessageBatch", actions: to("sqs:SendMessage"), why: "batch of SendMessage" },
  {
    service: "sqs",
    event: "DeleteMessageBatch",
    actions: to("sqs:DeleteMessage"),
    why: "batch of DeleteMessage",
  },
  {
    service: "sqs",
    event: "ChangeMessageVisibilityBatch",
    actions: to("sqs:ChangeMessageVisibility"),
    why: "batch of ChangeMessageVisibility",
  },
  { service: "sns", event: "PublishBatch", actions: to("sns:Publish"), why: "batch of Publish" },
  { service: "sts", event: "GetCallerIdentity", class: "no-permission", why: "no permission is required" },
  {
    service: "sts",
    event: "GetSessionToken",
    class: "no-permission",
    why: "a user needs no permission to get a session token for itself",
  },
  {
    service: "dynamodb",
    event: "DescribeEndpoints",
    class: "no-permission",
    why: "endpoint discovery needs no permission",
  },
  { service: "signin", event: "ConsoleLogin", class: "non-api", why: "console sign-in" },
  { service: "signin", event: "ExternalIdPDirectoryLogin", class: "non-api", why: "console sign-in" },
  { service: "signin", event: "GetSigninToken", class: "non-api", why: "federated console sign-in" },
  { service: "signin", event: "PasswordUpdated", class: "non-api", why: "console password change" },
  { service: "signin", event: "CheckMfa", class: "non-api", why: "console sign-in step" },
  { service: "signin", event: "SwitchRole", class: "non-api", why: "console role switch" },
  { service: "signin", event: "AssumeRole", class: "non-api", why: "console role switch" },
  { service: "signin", event: "UserAuthentication", class: "non-api", why: "console sign-in step" },
  { service: "signin", event: "CredentialChallenge", class: "non-api", why: "console sign-in step" },
  { service: "signin", event: "CredentialVerification", class: "non-api", why: "console sign-in step" },
  { service: "sso", event: "Authenticate", class: "non-api", why: "IAM Identity Center portal sign-in" },
  { service: "sso", event: "CreateToken", class: "non-api", why: "IAM Identity Center OIDC token exchange" },
];

/**
 * Services whose CloudTrail eventName carries the API version (`GetFunction20150331v2`,
 * `CreateDistribution2020_05_31`): IAM names the action without it.
 */
export const VERSIONED_EVENT_NAMES: readonly { service: string; suffix: RegExp; example: string }[] = [
  { service: "lambda", suffix: /\d{8}(?:v\d+)?$/, example: "GetFunction20150331v2" },
  { service: "cloudfront", suffix: /\d{4}_\d{2}_\d{2}$/, example: "CreateDistribution2020_05_31" },
];

/** CloudTrail event types that record no IAM-authorized call by the identity. */
export const NON_API_EVENT_TYPES: Readonly<Record<string, string>> = {
  AwsServiceEvent: "an AWS service acting on its own, not a call by the identity",
  AwsConsoleSignIn: "console sign-in",
  AwsConsoleAction: "console action that is not an API call",
  AwsVpceEvent: "VPC endpoint policy evaluation, logged for the endpoint owner",
  AwsCloudTrailInsight: "CloudTrail Insights event",
};
