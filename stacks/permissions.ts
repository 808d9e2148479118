import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { AthenaActivity } from "./athena.js";
import type { DeploymentSettings } from "./settings.js";

/**
 * The auditor's permissions, as exact actions on exact resources: read-only IAM, CloudTrail and the
 * trail bucket; writes only to its own bucket and table. Never SST's `bind`, which grants s3:* and
 * dynamodb:* (an IAM auditor would flag itself).
 */
export interface OwnResources {
  account: string;
  partition: string;
  bucketArn: string;
  tableArn: string;
  kmsKeyArn?: string;
}

const allow = (
  sid: string,
  actions: string[],
  resources: string[],
  conditions?: Record<string, Record<string, string | string[]>>,
) =>
  new PolicyStatement({
    sid,
    effect: Effect.ALLOW,
    actions,
    resources,
    ...(conditions ? { conditions } : {}),
  });

/** Exactly the IAM calls of core/aws/iam-*.ts; account-level reads have no resource type, so `*`. */
export const IAM_ACCOUNT_READS = [
  "iam:GetAccountAuthorizationDetails",
  "iam:GetAccountPasswordPolicy",
  "iam:ListAccountAliases",
  "iam:GenerateCredentialReport",
  "iam:GetCredentialReport",
  "iam:GetServiceLastAccessedDetails",
];
export const IAM_USER_READS = [
  "iam:ListAccessKeys",
  "iam:GetAccessKeyLastUsed",
  "iam:GetLoginProfile",
  "iam:ListMFADevices",
  "iam:ListSSHPublicKeys",
  "iam:ListServiceSpecificCredentials",
];

export function collectorStatements(settings: DeploymentSettings, own: OwnResources): PolicyStatement[] {
  const iamArn = (type: string) => `arn:${own.partition}:iam::${own.account}:${type}/*`;
  const statements = [
    allow("IamAccountReads", IAM_ACCOUNT_READS, ["*"]),
    allow("IamUserReads", IAM_USER_READS, [iamArn("user")]),
    allow(
      "IamLastAccessedJobs",
      ["iam:GenerateServiceLastAccessedDetails"],
      ["user", "group", "role", "policy"].map(iamArn),
    ),
  ];
  if (settings.activity === "lookup-events") {
    statements.push(allow("CloudTrailLookup", ["cloudtrail:LookupEvents"], ["*"]));
    // Without configured regions, LookupEvents reads every region enabled for the account.
    if (!settings.lookupRegions) statements.push(allow("EnabledRegions", ["ec2:DescribeRegions"], ["*"]));
  } else if (settings.activity !== "none") {
    // What the trails log (basic and advanced event selectors), recorded in the report's coverage,
    // and whether they are logging at all (a stopped trail records nothing its selectors name).
    statements.push(
      allow("TrailsList", ["cloudtrail:DescribeTrails"], ["*"]),
      allow(
        "TrailSelectors",
        ["cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus"],
        [`arn:${own.partition}:cloudtrail:*:*:trail/*`],
      ),
    );
  }
  if (settings.activity === "trail-bucket" && settings.trailBucket) {
    const bucket = `arn:${own.partition}:s3:::${settings.trailBucket}`;
    statements.push(
      allow("TrailBucketList", ["s3:ListBucket"], [bucket]),
      allow("TrailBucketRead", ["s3:GetObject"], [`${bucket}/*`]),
    );
    // Objects of an SSE-KMS trail read as AccessDenied without it: every file would fail.
    if (settings.trailKmsKeyArn)
      statements.push(allow("TrailKeyDecrypt", ["kms:Decrypt"], [settings.trailKmsKeyArn]));
  }
  return statements;
}

/**
 * The state machine's Athena task (startQueryExecution.sync) runs the query as the state machine's
 * role: Athena reads the table's definition and the trail's objects, and writes the results, with
 * its rights. Read-only on the catalog and the trail; writes only under the results prefix.
 * https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html
 */
export function athenaQueryStatements(
  settings: DeploymentSettings,
  own: OwnResources,
  athena: AthenaActivity,
): PolicyStatement[] {
  const trail = `arn:${own.partition}:s3:::${settings.trailBucket}`;
  const statements = [
    allow(
      "AthenaRunQuery",
      ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"],
      [athena.workGroupArn],
    ),
    allow("AthenaReadTable", ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], athena.glueArns),
    allow("AthenaReadTrail", ["s3:ListBucket", "s3:GetBucketLocation"], [trail]),
    allow("AthenaReadTrailLogs", ["s3:GetObject"], [`${trail}/*`]),
    allow("AthenaResultsBucket", ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], [own.bucketArn]),
    allow(
      "AthenaWriteResults",
      ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      [`${own.bucketArn}/${athena.resultsPrefix}*`],
    ),
    ...kms(own, ["kms:GenerateDataKey", "kms:Decrypt"]),
  ];
  if (settings.trailKmsKeyArn)
    statements.push(allow("TrailKeyDecrypt", ["kms:Decrypt"], [settings.trailKmsKeyArn]));
  return statements;
}

/** The partition map's item reader reads the run's partition list, a work object of the reports bucket. */
export function partitionListStatements(own: OwnResources): PolicyStatement[] {
  return [
    allow("ReadPartitionList", ["s3:GetObject"], [`${own.bucketArn}/work/*`]),
    ...kms(own, ["kms:Decrypt"]),
  ];
}

/** The audit step reads a finished query's rows (GetQueryResults reads the result object as the caller). */
export function athenaResultsStatements(own: OwnResources, athena: AthenaActivity): PolicyStatement[] {
  return [
    allow("AthenaReadResults", ["athena:GetQueryExecution", "athena:GetQueryResults"], [athena.workGroupArn]),
    allow("AthenaResultObjects", ["s3:GetObject"], [`${own.bucketArn}/${athena.resultsPrefix}*`]),
  ];
}

/**
 * Without s3:ListBucket, S3 answers a GET of a missing key with 403 instead of 404, and the store
 * could not tell "no manifest yet" (an incomplete run) from a denial, nor the steps "no partial from
 * this partition" (a failed reading) from one. Listing is limited to reports/ (and work/ for the steps).
 */
const listReports = (own: OwnResources, prefixes: string[] = ["reports/*"]) =>
  allow("ReportsList", ["s3:ListBucket"], [own.bucketArn], { StringLike: { "s3:prefix": prefixes } });

/** Writing a run: the steps' work data, the report objects, then the run and findings items. */
export function storeWriteStatements(own: OwnResources): PolicyStatement[] {
  return [
    allow(
      "ReportsWrite",
      ["s3:PutObject", "s3:GetObject"],
      [`${own.bucketArn}/reports/*`, `${own.bucketArn}/work/*`],
    ),
    listReports(own, ["reports/*", "work/*"]),
    allow(
      "FindingsWrite",
      ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:Query"],
      [own.tableArn, `${own.tableArn}/index/byStatus`],
    ),
    ...kms(own, ["kms:GenerateDataKey", "kms:Decrypt"]),
  ];
}

/** The API reads runs, findings and reports, creates runs and starts their executions. */
export function apiStatements(own: OwnResources, stateMachineArn: string): PolicyStatement[] {
  return [
    allow("ReportsRead", ["s3:GetObject"], [`${own.bucketArn}/reports/*`]),
    listReports(own),
    allow(
      "RunsAndFindings",
      [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:Query",
        "dynamodb:ConditionCheckItem",
      ],
      [own.tableArn, `${own.tableArn}/index/byStatus`],
    ),
    allow("StartAudits", ["states:StartExecution"], [stateMachineArn]),
    ...kms(own, ["kms:Decrypt"]),
  ];
}

/** The schedule starts one execution: the account's audit, or org mode's map over the accounts. */
export function scheduleStatements(stateMachineArn: string): PolicyStatement[] {
  return [allow("StartScheduledAudit", ["states:StartExecution"], [stateMachineArn])];
}

/** Org mode's account listing, the organization map's first state. */
export const listAccountsStatement = () => allow("ListAccounts", ["organizations:ListAccounts"], ["*"]);

/**
 * The snapshot step reads the SCPs and RCPs over the audited account: exactly the calls of
 * core/aws/organization-scps.ts. They answer only in the management or delegated administrator
 * account; elsewhere the report records that the policies could not be read. Not in the member role:
 * members cannot read them. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
 */
export const ORGANIZATION_POLICY_READS = [
  "organizations:DescribeOrganization",
  "organizations:ListParents",
  "organizations:ListPoliciesForTarget",
  "organizations:DescribePolicy",
];
export const organizationPolicyReadsStatement = () =>
  allow("OrganizationPolicyReads", ORGANIZATION_POLICY_READS, ["*"]);

/** The execution-ended rule's function records a run FAILED: one conditional update of its run item. */
export function runFailStatements(own: OwnResources): PolicyStatement[] {
  return [allow("RecordFailedRuns", ["dynamodb:UpdateItem"], [own.tableArn])];
}

/** Org mode's worker: assume the audit role, and only inside the caller's own organization. */
export function memberRoleStatements(settings: DeploymentSettings, own: OwnResources): PolicyStatement[] {
  if (!settings.orgMode) return [];
  return [
    allow(
      "AssumeMemberAuditRole",
      ["sts:AssumeRole"],
      [`arn:${own.partition}:iam::*:role/${settings.memberRoleName}`],
      {
        StringEquals: { "aws:ResourceOrgID": "${aws:PrincipalOrgID}" },
      },
    ),
  ];
}

function kms(own: OwnResources, actions: string[]): PolicyStatement[] {
  return own.kmsKeyArn ? [allow("ReportsKey", actions, [own.kmsKeyArn])] : [];
}
