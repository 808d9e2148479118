import { APIGATEWAY_AUTHORIZATIONS } from "./apigateway.js";
import { AUTOSCALING_AUTHORIZATIONS } from "./autoscaling.js";
import { BEDROCK_AUTHORIZATIONS } from "./bedrock.js";
import { ECR_AUTHORIZATIONS, ECS_AUTHORIZATIONS } from "./containers.js";
import { DYNAMODB_AUTHORIZATIONS } from "./dynamodb.js";
import { EC2_AUTHORIZATIONS } from "./ec2.js";
import { SES_AUTHORIZATIONS } from "./email.js";
import { IAM_AUTHORIZATIONS } from "./iam.js";
import { SIGNIN_AUTHORIZATIONS, SSO_AUTHORIZATIONS, STS_AUTHORIZATIONS } from "./identity.js";
import {
  KMS_AUTHORIZATIONS,
  SECRETS_MANAGER_AUTHORIZATIONS,
  SSM_AUTHORIZATIONS,
} from "./keys-and-secrets.js";
import { LAMBDA_AUTHORIZATIONS } from "./lambda.js";
import { ELB_AUTHORIZATIONS } from "./load-balancing.js";
import { KINESIS_AUTHORIZATIONS, SNS_AUTHORIZATIONS, SQS_AUTHORIZATIONS } from "./messaging.js";
import { NEPTUNE_GRAPH_AUTHORIZATIONS, TIMESTREAM_AUTHORIZATIONS } from "./query-apis.js";
import { RDS_AUTHORIZATIONS } from "./rds.js";
import { REDSHIFT_DATA_AUTHORIZATIONS } from "./redshift-data.js";
import { CONFIG_AUTHORIZATIONS } from "./remediation.js";
import { ROUTE53_AUTHORIZATIONS } from "./route53.js";
import {
  ATHENA_AUTHORIZATIONS,
  BATCH_AUTHORIZATIONS,
  CODEBUILD_AUTHORIZATIONS,
  EMR_AUTHORIZATIONS,
  GLUE_AUTHORIZATIONS,
  STATES_AUTHORIZATIONS,
} from "./run-a-job.js";
import { S3_AUTHORIZATIONS } from "./s3.js";
import { SAGEMAKER_AUTHORIZATIONS } from "./sagemaker.js";
import type { ServiceAuthorizations } from "./types.js";

export type {
  EventEntry,
  Need,
  ParameterRule,
  RecordedValue,
  ResourceRole,
  ServiceAuthorizations,
} from "./types.js";

/** One table per service; a service without one maps `<service>:<eventName>` on its listed resources. */
export const AUTHORIZATION_TABLES: readonly ServiceAuthorizations[] = [
  S3_AUTHORIZATIONS,
  DYNAMODB_AUTHORIZATIONS,
  LAMBDA_AUTHORIZATIONS,
  KMS_AUTHORIZATIONS,
  SQS_AUTHORIZATIONS,
  SNS_AUTHORIZATIONS,
  KINESIS_AUTHORIZATIONS,
  SECRETS_MANAGER_AUTHORIZATIONS,
  SSM_AUTHORIZATIONS,
  STS_AUTHORIZATIONS,
  IAM_AUTHORIZATIONS,
  SIGNIN_AUTHORIZATIONS,
  SSO_AUTHORIZATIONS,
  EC2_AUTHORIZATIONS,
  ECS_AUTHORIZATIONS,
  ECR_AUTHORIZATIONS,
  ELB_AUTHORIZATIONS,
  AUTOSCALING_AUTHORIZATIONS,
  TIMESTREAM_AUTHORIZATIONS,
  NEPTUNE_GRAPH_AUTHORIZATIONS,
  REDSHIFT_DATA_AUTHORIZATIONS,
  RDS_AUTHORIZATIONS,
  ROUTE53_AUTHORIZATIONS,
  BEDROCK_AUTHORIZATIONS,
  SES_AUTHORIZATIONS,
  SAGEMAKER_AUTHORIZATIONS,
  BATCH_AUTHORIZATIONS,
  GLUE_AUTHORIZATIONS,
  CODEBUILD_AUTHORIZATIONS,
  ATHENA_AUTHORIZATIONS,
  STATES_AUTHORIZATIONS,
  EMR_AUTHORIZATIONS,
  APIGATEWAY_AUTHORIZATIONS,
  CONFIG_AUTHORIZATIONS,
];

/**
 * Services whose CloudTrail eventName carries the API version (`GetFunction20150331v2`,
 * `CreateDistribution2020_05_31`): IAM names the action without it.
 */
export const VERSIONED_EVENT_NAMES: readonly { service: string; suffix: RegExp; example: string }[] = [
  { service: "lambda", suffix: /\d{8}(?:v\d+)?$/, example: "GetFunction20150331v2" },
  { service: "cloudfront", suffix: /\d{4}_\d{2}_\d{2}$/, example: "CreateDistribution2020_05_31" },
];

/**
 * CloudTrail event types that record no IAM-authorized call by the identity.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export const NON_API_EVENT_TYPES: Readonly<Record<string, string>> = {
  AwsServiceEvent: "an AWS service acting on its own, not a call by the identity",
  AwsConsoleSignIn: "console sign-in",
  AwsConsoleAction: "console action that is not an API call",
  AwsVpceEvent: "VPC endpoint policy evaluation, logged for the endpoint owner",
  AwsCloudTrailInsight: "CloudTrail Insights event",
};
