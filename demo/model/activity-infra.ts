import { BUCKETS, HOME_REGION, TABLES } from "./account.js";
import { metricWindow } from "./activity-workloads.js";
import { api, createLogStream, datedKey, s3List, s3Object } from "./calls.js";
import { AGENTS, IPS, type Plan } from "./plan.js";

const instance = "i-0a1b2c3d4e5f60789";
const daily = {};

/** Service roles, service-linked roles, the analysts' role and the three service-account users. */
export const INFRA_PLANS: Plan[] = [
  {
    who: { role: "ec2-ssm-instance" },
    auth: "session",
    session: () => instance,
    agent: AGENTS.ssmAgent,
    ip: IPS.nat,
    region: HOME_REGION,
    days: daily,
    hours: [6, 9],
    perDay: [2, 4],
    calls: [
      api(
        "ssm",
        "UpdateInstanceInformation",
        false,
        { instanceId: instance, agentVersion: "3.3.1142.0" },
        { weight: 3 },
      ),
      api("ssm", "ListInstanceAssociations", true, { instanceId: instance }),
      api("ssm", "GetParameter", true, { name: "AmazonCloudWatch-linux" }, { weight: 0.3 }),
      api("ec2", "DescribeTags", true, {
        filterSet: { items: [{ name: "resource-id", valueSet: { items: [{ value: instance }] } }] },
      }),
      createLogStream("/var/log/messages", () => instance),
    ],
  },
  {
    who: { role: "vpc-flow-logs" },
    auth: "session",
    session: ({ rng }) => `flowlogs-${rng.hex(8)}`,
    invokedBy: "vpc-flow-logs.amazonaws.com",
    agent: "vpc-flow-logs.amazonaws.com",
    ip: "vpc-flow-logs.amazonaws.com",
    region: HOME_REGION,
    days: daily,
    hours: [0, 6],
    perDay: [1, 2],
    calls: [createLogStream("vpc-flow-logs", ({ rng }) => `eni-0${rng.hex(16)}-all`)],
  },
  {
    who: { role: "api-gateway-cloudwatch" },
    auth: "session",
    session: ({ rng }) => `BackplaneAssumeRoleSession-${rng.hex(8)}`,
    invokedBy: "apigateway.amazonaws.com",
    agent: "apigateway.amazonaws.com",
    ip: "apigateway.amazonaws.com",
    region: HOME_REGION,
    days: daily,
    hours: [8, 20],
    perDay: [1, 2],
    calls: [
      api("logs", "DescribeLogGroups", true, { logGroupNamePrefix: "API-Gateway-Execution-Logs_" }),
      createLogStream("API-Gateway-Execution-Logs_a1b2c3d4e5/prod", ({ rng }) => rng.hex(32)),
    ],
  },
  {
    who: { role: "backup-service" },
    auth: "session",
    session: ({ rng }) => `AWSBackup-${rng.hex(8)}`,
    invokedBy: "backup.amazonaws.com",
    agent: "backup.amazonaws.com",
    ip: "backup.amazonaws.com",
    region: HOME_REGION,
    days: daily,
    hours: [5, 6],
    perDay: [2, 3],
    calls: [
      api("dynamodb", "DescribeTable", true, { tableName: TABLES.orders }),
      api("dynamodb", "CreateBackup", false, ({ time }) => ({
        tableName: TABLES.orders,
        backupName: `AwsBackup-orders-${time.toISOString().slice(0, 10)}`,
      })),
    ],
  },
  {
    who: { role: "rds-monitoring" },
    auth: "session",
    session: ({ rng }) => `rds-enhanced-monitoring-${rng.hex(6)}`,
    invokedBy: "monitoring.rds.amazonaws.com",
    agent: "monitoring.rds.amazonaws.com",
    ip: "monitoring.rds.amazonaws.com",
    region: HOME_REGION,
    days: daily,
    hours: [0, 6],
    perDay: [1, 1],
    calls: [createLogStream("RDSOSMetrics", ({ rng }) => `db-${rng.hex(26).toUpperCase()}`)],
  },
  {
    who: { role: "athena-analyst" },
    auth: "session",
    session: () => "erin",
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { weekdays: true, chance: 0.6, from: "2026-10-12T11:00:00Z" },
    hours: [10, 17],
    perDay: [4, 12],
    calls: [
      api("athena", "StartQueryExecution", false, ({ rng }) => ({
        queryString: "***OMITTED***",
        clientRequestToken: rng.hex(32),
        workGroup: "analysts",
      })),
      api("athena", "GetQueryExecution", true, ({ rng }) => ({ queryExecutionId: rng.hex(32) }), {
        weight: 2,
      }),
      api("athena", "GetQueryResults", true, ({ rng }) => ({ queryExecutionId: rng.hex(32) })),
      api("glue", "GetDatabase", true, { name: "datalake" }, { invokedBy: "athena.amazonaws.com" }),
      api(
        "glue",
        "GetTable",
        true,
        { databaseName: "datalake", name: "orders" },
        { invokedBy: "athena.amazonaws.com" },
      ),
      s3List(BUCKETS.datalake, "curated/", { invokedBy: "athena.amazonaws.com" }),
      s3Object("GetObject", BUCKETS.datalake, datedKey("curated/", ".parquet"), {
        invokedBy: "athena.amazonaws.com",
      }),
    ],
  },
  ...(
    [
      [
        "AWSServiceRoleForAutoScaling",
        "autoscaling.amazonaws.com",
        ["DescribeInstances", "DescribeInstanceStatus"],
      ],
      ["AWSServiceRoleForRDS", "rds.amazonaws.com", ["DescribeNetworkInterfaces", "DescribeSecurityGroups"]],
    ] as const
  ).map(
    ([role, by, names]): Plan => ({
      who: { role },
      auth: "session",
      session: () => by.split(".")[0]!,
      invokedBy: by,
      agent: by,
      ip: by,
      region: HOME_REGION,
      days: daily,
      hours: [8, 20],
      perDay: [1, 3],
      calls: names.map((name) => api("ec2", name, true, { filterSet: {} })),
    }),
  ),
  {
    who: { role: "AWSServiceRoleForTrustedAdvisor" },
    auth: "session",
    session: () => "TrustedAdvisor_Session",
    invokedBy: "trustedadvisor.amazonaws.com",
    agent: "trustedadvisor.amazonaws.com",
    ip: "trustedadvisor.amazonaws.com",
    region: HOME_REGION,
    days: { chance: 0.15 },
    hours: [3, 4],
    perDay: [2, 4],
    calls: [api("ec2", "DescribeInstances", true, { filterSet: {} }), api("iam", "GetAccountSummary", true)],
  },
  {
    // The backup agent last ran in mid-September, when its host was decommissioned.
    who: { user: "legacy-backup-svc" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.oldCli,
    ip: IPS.onPremises,
    region: HOME_REGION,
    days: { until: "2026-09-15T23:59:59Z" },
    hours: [2, 3],
    perDay: [2, 4],
    calls: [
      s3List(BUCKETS.backups, "nas01/"),
      s3Object("PutObject", BUCKETS.backups, datedKey("nas01/", ".tar.gz"), { weight: 2 }),
    ],
  },
  ...(
    [
      [1, IPS.etlHostA, 1],
      [2, IPS.etlHostB, 3],
    ] as const
  ).map(
    ([keySlot, ip, hour]): Plan => ({
      who: { user: "etl-runner" },
      auth: "key",
      keySlot,
      agent: AGENTS.python,
      ip,
      region: HOME_REGION,
      days: keySlot === 1 ? { from: "2026-09-10T08:00:00Z" } : { from: "2026-10-20T08:00:00Z" },
      hours: [hour, hour + 1],
      perDay: [3, 6],
      calls: [
        s3List(BUCKETS.datalake, "raw/"),
        s3Object("GetObject", BUCKETS.datalake, datedKey("raw/", ".json.gz")),
        s3Object("PutObject", BUCKETS.datalake, datedKey("curated/", ".parquet")),
      ],
    }),
  ),
  {
    who: { user: "monitoring-exporter" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.python,
    ip: IPS.onPremises,
    region: HOME_REGION,
    days: { from: "2026-09-20T10:30:00Z" },
    hours: [8, 20],
    perDay: [2, 4],
    calls: [
      api("monitoring", "GetMetricData", true, metricWindow, { weight: 4 }),
      api("monitoring", "ListMetrics", true, { namespace: "AWS/EC2" }),
    ],
  },
];
