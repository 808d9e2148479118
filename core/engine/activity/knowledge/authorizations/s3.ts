import { literalKey, literalObjectArn } from "../../literal-key.js";
import { kmsUse, SSE_KMS, withoutKms } from "./s3-object-keys.js";
import { type EventEntry, kmsKey, type ParameterRule, type ServiceAuthorizations, str, to } from "./types.js";

const API = (op: string) => `https://docs.aws.amazon.com/AmazonS3/latest/API/API_${op}.html`;
const OPERATIONS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html";

/** Calls whose IAM action is named differently from the event. */
const RENAMES: readonly [string, string, string][] = [
  ["ListObjects", "s3:ListBucket", "listing a bucket's keys is authorized as ListBucket"],
  ["ListObjectsV2", "s3:ListBucket", "listing a bucket's keys is authorized as ListBucket"],
  ["HeadBucket", "s3:ListBucket", "HEAD on a bucket is authorized as ListBucket"],
  ["SelectObjectContent", "s3:GetObject", "S3 Select reads the object"],
  ["ListBuckets", "s3:ListAllMyBuckets", "the IAM action keeps its older name"],
  ["ListObjectVersions", "s3:ListBucketVersions", "the IAM action keeps its older name"],
  ["ListMultipartUploads", "s3:ListBucketMultipartUploads", "the IAM action keeps its older name"],
  ["ListParts", "s3:ListMultipartUploadParts", "the IAM action keeps its older name"],
  ["UploadPart", "s3:PutObject", "multipart uploads are authorized as PutObject"],
  ["CompleteMultipartUpload", "s3:PutObject", "multipart uploads are authorized as PutObject"],
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

/**
 * A `versionId` makes an object call act on that version, which IAM authorizes as the *Version
 * action: each action the call needs, keyed to the one it becomes.
 */
const VERSIONED: readonly [string, Readonly<Record<string, string>>][] = [
  ["GetObject", { "s3:GetObject": "s3:GetObjectVersion" }],
  ["HeadObject", { "s3:GetObject": "s3:GetObjectVersion" }],
  ["DeleteObject", { "s3:DeleteObject": "s3:DeleteObjectVersion" }],
  ["GetObjectAcl", { "s3:GetObjectAcl": "s3:GetObjectVersionAcl" }],
  ["PutObjectAcl", { "s3:PutObjectAcl": "s3:PutObjectVersionAcl" }],
  ["GetObjectTagging", { "s3:GetObjectTagging": "s3:GetObjectVersionTagging" }],
  ["PutObjectTagging", { "s3:PutObjectTagging": "s3:PutObjectVersionTagging" }],
  ["DeleteObjectTagging", { "s3:DeleteObjectTagging": "s3:DeleteObjectVersionTagging" }],
  // Reads the object's metadata: S3 checks both the read of the object and of its attributes.
  [
    "GetObjectAttributes",
    {
      "s3:GetObject": "s3:GetObjectVersion",
      "s3:GetObjectAttributes": "s3:GetObjectVersionAttributes",
    },
  ],
  ["GetObjectTorrent", { "s3:GetObjectTorrent": "s3:GetObjectVersionTorrent" }],
];

const VERSIONED_WHY: Readonly<Record<string, string>> = {
  HeadObject: "HEAD reads the object",
  GetObjectAttributes: "reading an object's attributes needs the read of the object and of its attributes",
};

const versionRule = (event: string, replace: Readonly<Record<string, string>>): ParameterRule => ({
  parameter: "versionId",
  replace,
  why: `a versionId names one version: ${Object.values(replace).join(" and ")}`,
  source: API(event),
});

/** Headers of a call that writes an object, each needing its own permission (PutObject's "Permissions"). */
function writeHeaderRules(event: string, multipart: boolean): ParameterRule[] {
  const source = API(event);
  const acl = (parameter: string): ParameterRule => ({
    parameter,
    add: to("s3:PutObjectAcl"),
    why: "an ACL header sets the object's ACL",
    source,
  });
  return [
    { parameter: "x-amz-tagging", add: to("s3:PutObjectTagging"), why: "tags set with the object", source },
    ...["x-amz-acl", "x-amz-grant-read", "x-amz-grant-read-acp", "x-amz-grant-write-acp"].map(acl),
    acl("x-amz-grant-full-control"),
    {
      parameter: "x-amz-object-lock-mode",
      add: to("s3:PutObjectRetention"),
      why: "a retention mode set with the object",
      source,
    },
    {
      parameter: "x-amz-object-lock-retain-until-date",
      add: to("s3:PutObjectRetention"),
      why: "a retention date set with the object",
      source,
    },
    {
      parameter: "x-amz-object-lock-legal-hold",
      add: to("s3:PutObjectLegalHold"),
      why: "a legal hold set with the object",
      source,
    },
    {
      // The key the header names is the one used: the key a default might have chosen is not.
      parameter: "x-amz-server-side-encryption-aws-kms-key-id",
      drop: multipart ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:GenerateDataKey"],
      add: [
        { action: "kms:GenerateDataKey", resource: "kmsKey" },
        ...(multipart ? [{ action: "kms:Decrypt", resource: "kmsKey" as const }] : []),
      ],
      why: multipart
        ? "S3 asks KMS for a data key under the caller's identity and decrypts it to assemble the parts"
        : "S3 asks KMS for a data key under the caller's identity",
      source: SSE_KMS,
    },
  ];
}

const copySourceVersion: ParameterRule = {
  parameter: "x-amz-copy-source",
  matches: /[?&]versionId=/,
  replace: { "s3:GetObject": "s3:GetObjectVersion" },
  why: "copying a named version of the source reads that version",
  source: API("CopyObject"),
};

const COPY = [
  { action: "s3:GetObject", resource: "copySource" as const },
  { action: "s3:PutObject", resource: "target" as const },
];

/**
 * A copy takes the source's tags by default (x-amz-tagging-directive COPY), which S3 reads from
 * the source and writes on the new object. The record cannot say whether the source had tags, and
 * the API reference does not say which permissions the tag copy checks: s3:GetObjectTagging on the
 * source (s3:GetObjectVersionTagging for a named version) and s3:PutObjectTagging on the target
 * are inferred, kept where granted today and never added. REPLACE takes the request's tags
 * instead (x-amz-tagging, which the tagging header rule reads where the record keeps it).
 */
const COPY_OBJECT = [
  ...COPY,
  { action: "s3:GetObjectTagging", resource: "copySource" as const, inferred: true as const },
  { action: "s3:PutObjectTagging", resource: "target" as const, inferred: true as const },
];

const copiedVersionTags: ParameterRule = {
  parameter: "x-amz-copy-source",
  matches: /[?&]versionId=/,
  add: [{ action: "s3:GetObjectVersionTagging", resource: "copySource", inferred: true }],
  why: "the tags copied from a named version of the source may be read as that version's",
  source: API("CopyObject"),
};

const tagsReplaced: ParameterRule = {
  parameter: "x-amz-tagging-directive",
  matches: /^REPLACE$/i,
  drop: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
  why: "tags replaced by the request's are not read from the source",
  source: API("CopyObject"),
};

const bypassGovernance = (event: string): ParameterRule => ({
  parameter: "x-amz-bypass-governance-retention",
  add: to("s3:BypassGovernanceRetention"),
  why: "bypassing governance-mode retention is a permission of its own",
  source: API(event),
});

const ACL_WHY = "a bucket created with an ACL other than private needs s3:PutBucketAcl";

/**
 * Headers of CreateBucket that need a permission beside s3:CreateBucket (its "Permissions"): an
 * ACL other than `private` or any grant, Object Lock enabled, an Object Ownership setting.
 */
const CREATE_BUCKET_RULES: ParameterRule[] = [
  {
    parameter: "x-amz-acl",
    matches: /^(?!private$)/i,
    add: to("s3:PutBucketAcl"),
    why: ACL_WHY,
    source: API("CreateBucket"),
  },
  ...["full-control", "read", "read-acp", "write", "write-acp"].map(
    (grant): ParameterRule => ({
      parameter: `x-amz-grant-${grant}`,
      add: to("s3:PutBucketAcl"),
      why: ACL_WHY,
      source: API("CreateBucket"),
    }),
  ),
  {
    parameter: "x-amz-bucket-object-lock-enabled",
    matches: /^true$/i,
    add: to("s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning"),
    why: "a bucket created with Object Lock has its lock configuration and versioning set",
    source: API("CreateBucket"),
  },
  {
    parameter: "x-amz-object-ownership",
    add: to("s3:PutBucketOwnershipControls"),
    why: "a bucket created with an Object Ownership setting has its ownership controls set",
    source: API("CreateBucket"),
  },
];

const ATHENA_RESULTS =
  "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAthenaFullAccess.html";

/**
 * Athena writes a query's results to its results location with the caller's credentials (the
 * record's `invokedBy` is athena.amazonaws.com), and needs there, beside s3:PutObject and
 * s3:GetObject, the bucket's location and listings and the multipart upload actions
 * (AmazonAthenaFullAccess' BaseQueryResultsPermissions), which it uses only for some results (a
 * large one, one it abandons): a window showing none of them shows nothing unused. Inferred on the
 * bucket and object Athena wrote, whatever workgroup setting chose the location, so kept only
 * where granted today; the objects of later queries are kept the way the written ones are.
 */
const athenaResults: ParameterRule = {
  invokedBy: "athena.amazonaws.com",
  add: [
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucketMultipartUploads",
    "s3:GetBucketLocation",
    "s3:ListBucket",
  ].map((action) => ({ action, inferred: true as const })),
  why: "Athena writes query results with the caller's credentials, listing and aborting multipart uploads when it needs to",
  source: ATHENA_RESULTS,
};

const EVENTS: EventEntry[] = [
  ...RENAMES.map(([event, action, why]) => ({
    event,
    actions: [...to(action), ...kmsUse(event)],
    ...(event === "SelectObjectContent" ? { rules: withoutKms(["kms:Decrypt"]) } : {}),
    why,
    source: OPERATIONS,
  })),
  ...VERSIONED.map(([event, replace]) => ({
    event,
    actions: [...to(...Object.keys(replace)), ...kmsUse(event)],
    rules: [
      versionRule(event, replace),
      ...(event === "DeleteObject" ? [bypassGovernance(event)] : []),
      ...(event === "GetObject" ? withoutKms(["kms:Decrypt"]) : []),
    ],
    why: VERSIONED_WHY[event] ?? "the object action, or its version action",
    source: API(event),
  })),
  {
    event: "PutObject",
    actions: [{ action: "s3:PutObject" }, ...kmsUse("PutObject")],
    rules: [...withoutKms(["kms:GenerateDataKey"]), ...writeHeaderRules("PutObject", false), athenaResults],
    why: "a write, plus each option its headers set",
    source: API("PutObject"),
  },
  {
    event: "CreateMultipartUpload",
    actions: [...to("s3:PutObject"), ...kmsUse("CreateMultipartUpload")],
    rules: [
      ...withoutKms(["kms:GenerateDataKey", "kms:Decrypt"]),
      ...writeHeaderRules("CreateMultipartUpload", true),
      athenaResults,
    ],
    why: "multipart uploads are authorized as PutObject, plus each option their headers set",
    source: API("CreateMultipartUpload"),
  },
  {
    event: "CopyObject",
    actions: [...COPY_OBJECT, ...kmsUse("CopyObject")],
    rules: [
      copySourceVersion,
      copiedVersionTags,
      tagsReplaced,
      ...withoutKms(["kms:GenerateDataKey"]),
      ...writeHeaderRules("CopyObject", false),
    ],
    why: "a copy reads the source object and writes the target",
    source: API("CopyObject"),
  },
  {
    event: "UploadPartCopy",
    actions: [...COPY, ...kmsUse("UploadPartCopy")],
    rules: [{ ...copySourceVersion, source: API("UploadPartCopy") }],
    why: "a part copy reads the source object and writes the target",
    source: API("UploadPartCopy"),
  },
  {
    event: "CreateBucket",
    rules: CREATE_BUCKET_RULES,
    why: "a new bucket, plus each setting its headers ask for",
    source: API("CreateBucket"),
  },
  {
    // The record omits the keys and versions listed in the body: a version deleted in the batch is
    // authorized as s3:DeleteObjectVersion, inferred, kept only where granted today.
    event: "DeleteObjects",
    actions: [
      { action: "s3:DeleteObject" },
      { action: "s3:DeleteObjectVersion", resource: "target", inferred: true },
    ],
    rules: [bypassGovernance("DeleteObjects")],
    why: "a batch delete is authorized per key as DeleteObject, per version as DeleteObjectVersion",
    source: API("DeleteObjects"),
  },
  {
    event: "PutObjectRetention",
    rules: [bypassGovernance("PutObjectRetention")],
    why: "shortening governance-mode retention needs the bypass permission",
    source: API("PutObjectRetention"),
  },
];

export const S3_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "s3",
  events: EVENTS,
  resources: (ctx) => {
    const { params, partition } = ctx;
    const bucket = str(params.bucketName);
    if (!bucket) return { target: [] };
    const target = [`arn:${partition}:s3:::${bucket}`];
    const key = str(params.key);
    if (key) target.push(`arn:${partition}:s3:::${bucket}/${literalKey(key)}`);
    const source = copySource(params["x-amz-copy-source"], partition);
    const kms = kmsKey(ctx, params["x-amz-server-side-encryption-aws-kms-key-id"]);
    return { target, ...(source ? { copySource: [source] } : {}), ...(kms.length ? { kmsKey: kms } : {}) };
  },
};

/** `x-amz-copy-source` is `bucket/key`, possibly with a leading slash, URL-encoded, `?versionId=`. */
function copySource(value: unknown, partition: string): string | undefined {
  const raw = str(value);
  if (!raw) return undefined;
  let path = raw.replace(/^\//, "").split("?")[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // not URL-encoded after all: keep the text as CloudTrail wrote it
  }
  return path.includes("/") ? literalObjectArn(`arn:${partition}:s3:::${path}`) : undefined;
}
