import { ACCOUNT_ID, arn, BUCKETS, HOME_REGION, TABLES } from "./account.js";
import type { CustomerPolicySpec, PolicyDocument, Statement } from "./types.js";

const allow = (Action: string[], Resource: string | string[], Sid?: string): Statement => ({
  ...(Sid ? { Sid } : {}),
  Effect: "Allow",
  Action,
  Resource,
});
const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const objects = (name: string, prefix = "") => `arn:aws:s3:::${name}/${prefix}*`;

/** Customer managed policies: what a small product team writes by hand or copies from a blog. */
export const CUSTOMER_POLICIES: CustomerPolicySpec[] = [
  {
    // Planted escalation: PassRole on any role with CreateFunction and InvokeFunction lets the
    // pipeline run code as the most privileged role in the account; it only ever updates code.
    name: "CiDeployerPolicy",
    description: "Deploys the app: uploads artifacts, updates the Lambda functions and the stack.",
    created: "2024-02-19T10:12:44Z",
    document: doc(
      allow(["s3:PutObject", "s3:GetObject"], objects(BUCKETS.artifacts), "Artifacts"),
      allow(["s3:ListBucket"], bucket(BUCKETS.artifacts), "ListArtifacts"),
      allow(
        [
          "lambda:CreateFunction",
          "lambda:UpdateFunctionCode",
          "lambda:UpdateFunctionConfiguration",
          "lambda:GetFunction",
          "lambda:PublishVersion",
          "lambda:InvokeFunction",
        ],
        "*",
        "Functions",
      ),
      allow(["iam:PassRole"], "*", "PassExecutionRoles"),
      allow(
        [
          "cloudformation:DescribeStacks",
          "cloudformation:CreateChangeSet",
          "cloudformation:DescribeChangeSet",
          "cloudformation:ExecuteChangeSet",
        ],
        `arn:aws:cloudformation:${HOME_REGION}:${ACCOUNT_ID}:stack/whittle-demo-*/*`,
        "Stacks",
      ),
    ),
  },
  {
    name: "OrdersProcessorAccess",
    description: "Least privilege for the orders-processor function.",
    created: "2025-03-03T08:40:10Z",
    document: doc(
      allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], arn.table(TABLES.orders)),
      allow(
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        `${arn.logGroup("/aws/lambda/orders-processor")}:*`,
      ),
    ),
  },
  {
    name: "DocsPublishing",
    description: "GitHub Actions publishes the documentation site.",
    created: "2025-05-21T15:02:31Z",
    document: doc(
      allow(["s3:PutObject", "s3:DeleteObject"], objects(BUCKETS.docs, "docs/")),
      allow(["s3:ListBucket"], bucket(BUCKETS.docs)),
    ),
  },
  {
    name: "StaticSiteDeploy",
    description: "Uploads the marketing site and invalidates its CDN cache.",
    created: "2024-11-08T12:30:00Z",
    document: doc(
      allow(["s3:PutObject"], objects(BUCKETS.site)),
      allow(["s3:ListBucket"], bucket(BUCKETS.site)),
      allow(
        ["cloudfront:CreateInvalidation"],
        `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/E2WHITTLEDEMO1`,
      ),
    ),
  },
  {
    name: "ReportsBucketRead",
    description: "Read the published reports.",
    created: "2023-06-12T09:00:00Z",
    document: doc(
      allow(["s3:GetObject"], objects(BUCKETS.reports, "published/")),
      allow(["s3:ListBucket"], bucket(BUCKETS.reports)),
    ),
  },
  {
    name: "VendorMetricsRead",
    description: "What the monitoring vendor reads.",
    created: "2023-09-30T14:45:00Z",
    document: doc(
      allow(["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "cloudwatch:DescribeAlarms"], "*"),
    ),
  },
  {
    // Planted: PassRole on "*" lets the scheduler hand any role, admin included, to EventBridge.
    name: "BatchSchedulerPolicy",
    description: "Schedules the batch jobs.",
    created: "2024-07-15T16:20:00Z",
    document: doc(
      allow(
        ["events:PutRule", "events:PutTargets", "events:DescribeRule"],
        `arn:aws:events:${HOME_REGION}:${ACCOUNT_ID}:rule/batch-*`,
      ),
      allow(["events:ListRules"], "*"),
      allow(["iam:PassRole"], "*"),
    ),
  },
  {
    name: "BackupBucketWriter",
    description: "On-premises backup agent uploads archives.",
    created: "2024-05-10T11:05:00Z",
    document: doc(
      allow(["s3:PutObject"], objects(BUCKETS.backups)),
      allow(["s3:ListBucket"], bucket(BUCKETS.backups)),
    ),
  },
  {
    name: "EtlRunnerAccess",
    description: "The ETL host reads raw files and writes curated ones.",
    created: "2025-08-04T07:30:00Z",
    document: doc(
      allow(["s3:GetObject"], objects(BUCKETS.datalake, "raw/")),
      allow(["s3:PutObject"], objects(BUCKETS.datalake, "curated/")),
      allow(["s3:ListBucket"], bucket(BUCKETS.datalake)),
    ),
  },
  {
    name: "MetricsExporter",
    description: "Exports CloudWatch metrics to the on-call dashboard.",
    created: "2025-02-14T10:00:00Z",
    document: doc(allow(["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], "*")),
  },
  {
    name: "ReleasePublishing",
    description: "Release managers publish release notes.",
    created: "2024-03-01T09:00:00Z",
    document: doc(
      allow(["s3:GetObject", "s3:PutObject"], objects(BUCKETS.docs, "releases/")),
      allow(["s3:ListBucket"], bucket(BUCKETS.docs)),
    ),
  },
  {
    name: "AssumeAnalystRole",
    description: "Lets analysts switch into the athena-analyst role.",
    created: "2024-09-09T13:00:00Z",
    document: doc(allow(["sts:AssumeRole"], arn.role("athena-analyst"))),
  },
  {
    name: "AnalyticsQuery",
    description: "Athena queries over the data lake.",
    created: "2024-09-09T13:05:00Z",
    document: doc(
      allow(
        ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
        `arn:aws:athena:${HOME_REGION}:${ACCOUNT_ID}:workgroup/analysts`,
      ),
      allow(
        ["glue:GetDatabase", "glue:GetTable"],
        [
          `arn:aws:glue:${HOME_REGION}:${ACCOUNT_ID}:catalog`,
          `arn:aws:glue:${HOME_REGION}:${ACCOUNT_ID}:database/datalake`,
          `arn:aws:glue:${HOME_REGION}:${ACCOUNT_ID}:table/datalake/*`,
        ],
      ),
      allow(["s3:GetObject"], objects(BUCKETS.datalake, "curated/")),
      allow(["s3:ListBucket"], bucket(BUCKETS.datalake)),
    ),
  },
  {
    name: "ThumbnailerAccess",
    description: "Reads uploads and writes thumbnails.",
    created: "2025-01-20T10:10:00Z",
    document: doc(
      allow(["s3:GetObject"], objects(BUCKETS.uploads, "user-content/")),
      allow(["s3:PutObject"], objects(BUCKETS.uploads, "thumbnails/")),
    ),
  },
  {
    // A permissions boundary for roles the CI creates: they can never exceed these services.
    name: "WorkloadBoundary",
    description: "Permissions boundary for workload roles created by CI.",
    created: "2024-02-19T10:10:00Z",
    document: doc(
      allow(["s3:GetObject", "s3:PutObject"], objects(BUCKETS.uploads)),
      allow(
        ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        `arn:aws:logs:*:${ACCOUNT_ID}:log-group:/aws/lambda/*`,
      ),
    ),
  },
  {
    name: "FlowLogsDelivery",
    description: "VPC flow logs delivery to CloudWatch Logs.",
    created: "2023-04-02T08:00:00Z",
    document: doc(allow(["logs:CreateLogStream", "logs:PutLogEvents"], `${arn.logGroup("vpc-flow-logs")}:*`)),
  },
  {
    name: "NightlyReportAccess",
    description: "The nightly report scans orders and writes a CSV.",
    created: "2023-11-20T18:00:00Z",
    document: doc(
      allow(["dynamodb:Scan"], arn.table(TABLES.orders)),
      allow(["s3:PutObject"], objects(BUCKETS.reports, "nightly/")),
    ),
  },
  {
    name: "MarketingRenderer",
    description: "Renders marketing pages.",
    created: "2025-06-30T12:00:00Z",
    document: doc(
      allow(["s3:GetObject"], objects(BUCKETS.site, "templates/")),
      allow(["s3:PutObject"], objects(BUCKETS.site, "rendered/")),
    ),
  },
];
