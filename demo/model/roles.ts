import { arn } from "./account.js";
import { trust } from "./trust.js";
import type { RoleSpec } from "./types.js";

const s3Everything = {
  name: "s3-everything",
  document: {
    Version: "2012-10-17" as const,
    // Planted: written while debugging a permissions error and never narrowed.
    Statement: [{ Effect: "Allow" as const, Action: "s3:*", Resource: "*" }],
  },
};

/** Twenty-four roles: workloads, people's roles, CI, third parties and three service-linked roles. */
export const ROLES: RoleSpec[] = [
  {
    // Planted: full administrator, last used a year ago, by nobody since.
    name: "legacy-admin",
    created: "2021-03-15T10:00:00Z",
    trust: trust.account(),
    managed: [arn.aws("AdministratorAccess")],
    tags: [{ Key: "purpose", Value: "migration 2021" }],
    usedBeforeWindow: { date: "2025-11-03T16:42:10Z", region: "us-east-1" },
  },
  {
    name: "ci-deployer",
    path: "/ci/",
    created: "2024-02-19T10:15:00Z",
    trust: trust.githubRepo("repo:example-org/whittle-demo-app:ref:refs/heads/main"),
    managed: [arn.policy("CiDeployerPolicy")],
  },
  {
    // Planted: whole-service grants for an app that reads and writes one prefix and one table.
    name: "app-backend",
    created: "2023-05-08T12:00:00Z",
    trust: trust.service("ecs-tasks.amazonaws.com"),
    managed: [arn.aws("AmazonS3FullAccess"), arn.aws("AmazonDynamoDBFullAccess")],
    tags: [{ Key: "service", Value: "app" }],
  },
  {
    name: "open-trust-reader",
    created: "2023-06-12T09:05:00Z",
    trust: trust.anyone(),
    managed: [arn.policy("ReportsBucketRead")],
  },
  {
    name: "github-actions-site-deploy",
    path: "/ci/",
    created: "2024-11-08T12:35:00Z",
    trust: trust.githubAnyRepo(),
    managed: [arn.policy("StaticSiteDeploy")],
  },
  {
    name: "vendor-monitoring",
    created: "2023-09-30T14:50:00Z",
    trust: trust.vendorWithoutExternalId(),
    managed: [arn.policy("VendorMetricsRead")],
    tags: [{ Key: "vendor", Value: "example-monitoring-inc" }],
  },
  {
    name: "etl-glue-job",
    path: "/service-role/",
    created: "2024-01-22T09:00:00Z",
    trust: trust.service("glue.amazonaws.com"),
    inline: [s3Everything],
  },
  {
    name: "batch-scheduler",
    created: "2024-07-15T16:25:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.policy("BatchSchedulerPolicy")],
  },
  {
    // Exercises report escaping: an account's tag values are attacker-controlled text.
    name: "marketing-site-renderer",
    created: "2025-06-30T12:05:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.policy("MarketingRenderer")],
    tags: [{ Key: "owner-note", Value: "<img src=x onerror=alert(1)>" }],
  },
  {
    name: "legacy-report-runner",
    created: "2023-11-20T18:05:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.policy("NightlyReportAccess")],
    tags: [
      {
        Key: "Description",
        Value: `Nightly "orders" CSV </script><script>alert('demo')</script> do not delete`,
      },
    ],
  },
  {
    // Healthy: every action it is granted, on the resources it is granted, is used.
    name: "orders-processor",
    created: "2025-03-03T08:45:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.policy("OrdersProcessorAccess")],
    tags: [{ Key: "service", Value: "orders" }],
  },
  {
    // Healthy: GitHub OIDC restricted to one repository's main branch.
    name: "github-docs-publisher",
    path: "/ci/",
    created: "2025-05-21T15:05:00Z",
    trust: trust.githubRepo("repo:example-org/whittle-demo-docs:ref:refs/heads/main"),
    managed: [arn.policy("DocsPublishing")],
  },
  {
    name: "ecs-task-execution",
    created: "2023-05-08T11:55:00Z",
    trust: trust.service("ecs-tasks.amazonaws.com"),
    managed: [arn.aws("service-role/AmazonECSTaskExecutionRolePolicy")],
  },
  {
    name: "ec2-ssm-instance",
    created: "2022-08-17T10:00:00Z",
    trust: trust.service("ec2.amazonaws.com"),
    managed: [arn.aws("AmazonSSMManagedInstanceCore"), arn.aws("CloudWatchAgentServerPolicy")],
    instanceProfile: true,
  },
  {
    name: "thumbnailer",
    created: "2025-01-20T10:15:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.policy("ThumbnailerAccess"), arn.aws("service-role/AWSLambdaBasicExecutionRole")],
    boundary: arn.policy("WorkloadBoundary"),
  },
  {
    name: "vpc-flow-logs",
    created: "2023-04-02T08:05:00Z",
    trust: trust.service("vpc-flow-logs.amazonaws.com"),
    managed: [arn.policy("FlowLogsDelivery")],
  },
  {
    // Created inside the window and not used yet: too new to call unused.
    name: "search-indexer-staging",
    created: "2026-11-16T15:00:00Z",
    trust: trust.service("lambda.amazonaws.com"),
    managed: [arn.aws("service-role/AWSLambdaBasicExecutionRole")],
  },
  {
    name: "athena-analyst",
    created: "2024-09-09T13:15:00Z",
    trust: trust.accountWithMfa(),
    managed: [arn.policy("AnalyticsQuery")],
  },
  {
    name: "api-gateway-cloudwatch",
    created: "2022-02-01T10:00:00Z",
    trust: trust.service("apigateway.amazonaws.com"),
    managed: [arn.aws("service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
  },
  {
    name: "backup-service",
    path: "/service-role/",
    created: "2023-03-14T10:00:00Z",
    trust: trust.service("backup.amazonaws.com"),
    managed: [arn.aws("service-role/AWSBackupServiceRolePolicyForBackup")],
  },
  {
    name: "rds-monitoring",
    created: "2022-05-05T10:00:00Z",
    trust: trust.service("monitoring.rds.amazonaws.com"),
    managed: [arn.aws("service-role/AmazonRDSEnhancedMonitoringRole")],
  },
  {
    name: "AWSServiceRoleForAutoScaling",
    path: "/aws-service-role/autoscaling.amazonaws.com/",
    created: "2021-04-20T12:00:00Z",
    trust: trust.service("autoscaling.amazonaws.com"),
    managed: [arn.aws("aws-service-role/AutoScalingServiceRolePolicy")],
  },
  {
    name: "AWSServiceRoleForRDS",
    path: "/aws-service-role/rds.amazonaws.com/",
    created: "2022-05-05T09:58:00Z",
    trust: trust.service("rds.amazonaws.com"),
    managed: [arn.aws("aws-service-role/AmazonRDSServiceRolePolicy")],
  },
  {
    name: "AWSServiceRoleForTrustedAdvisor",
    path: "/aws-service-role/trustedadvisor.amazonaws.com/",
    created: "2021-03-15T09:00:00Z",
    trust: trust.service("trustedadvisor.amazonaws.com"),
    managed: [arn.aws("aws-service-role/AWSTrustedAdvisorServiceRolePolicy")],
  },
];
