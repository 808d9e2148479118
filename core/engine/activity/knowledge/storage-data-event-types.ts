import type { DataEventType } from "./data-event-types.js";

const S3 =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-data-events";
const DDB =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html#ddb-data-plane-events-in-cloudtrail";
const DDB_STREAMS = ["dynamodb:GetRecords", "dynamodb:GetShardIterator"];
const S3_OBJECT = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectAcl",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectTagging",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectAttributes",
  "s3:GetObjectVersionAttributes",
  "s3:GetObjectRetention",
  "s3:GetObjectLegalHold",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionTagging",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersionTagging",
  "s3:RestoreObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:ListBucketMultipartUploads",
];

/** The data events of S3 objects and DynamoDB items, first in DATA_EVENT_TYPES (data-event-types.ts). */
export const STORAGE_DATA_EVENT_TYPES: readonly DataEventType[] = [
  { type: "AWS::S3::Object", actions: S3_OBJECT, source: S3 },
  { type: "AWS::S3Express::Object", actions: ["s3express:CreateSession"], source: S3 },
  {
    type: "AWS::S3ObjectLambda::AccessPoint",
    actions: ["s3-object-lambda:GetObject", "s3-object-lambda:PutObject"],
    source: S3,
  },
  {
    type: "AWS::Lambda::Function",
    actions: ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:InvokeAsync"],
    source: "https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::DynamoDB::Table",
    // Selecting the table type also logs its streams' events (the guide's note on DynamoDB).
    actions: [
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
      ...DDB_STREAMS,
    ],
    source: DDB,
  },
  { type: "AWS::DynamoDB::Stream", actions: DDB_STREAMS, source: DDB },
];
