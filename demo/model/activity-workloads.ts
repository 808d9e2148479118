import { ACCOUNT_ID, arn, BUCKETS, EU_REGION, HOME_REGION, TABLES } from "./account.js";
import { api, createLogStream, datedKey, dynamo, lambdaStream, s3List, s3Object } from "./calls.js";
import { AGENTS, IPS, type Plan } from "./plan.js";

const daily = {};
const fn = (name: string) => ({ functionName: name });
const ecsTask = ({ rng }: { rng: { hex(n: number): string } }) => rng.hex(32);
const lambda = (
  role: string,
  calls: Plan["calls"],
  perDay: [number, number],
  hours: [number, number] = [0, 24],
): Plan => ({
  who: { role },
  auth: "session",
  session: () => role,
  agent: AGENTS.nodeLambda,
  ip: IPS.nat,
  region: HOME_REGION,
  days: daily,
  hours,
  perDay,
  calls,
});
const service = (
  role: string,
  by: string,
  calls: Plan["calls"],
  perDay: [number, number],
  extra: Partial<Plan> = {},
): Plan => ({
  who: { role },
  auth: "session",
  session: ({ rng }) => `${by.split(".")[0]}-${rng.hex(8)}`,
  invokedBy: by,
  agent: by,
  ip: by,
  region: HOME_REGION,
  days: daily,
  hours: [0, 24],
  perDay,
  calls,
  ...extra,
});
const github = (role: string, calls: Plan["calls"], chance: number): Plan => ({
  who: { role },
  auth: "session",
  session: () => "GitHubActions",
  agent: AGENTS.github,
  ip: IPS.github,
  region: HOME_REGION,
  days: { weekdays: true, chance },
  hours: [10, 17],
  perDay: [2, 6],
  calls,
});

/** GetMetricData asks for the last hour, as a dashboard does. */
export const metricWindow = ({ time }: { time: Date }) => ({
  startTime: new Date(time.getTime() - 3_600_000).toUTCString(),
  endTime: time.toUTCString(),
  maxDatapoints: 1440,
});

const artifactKey = datedKey("builds/", ".zip");

export const WORKLOAD_PLANS: Plan[] = [
  // The deployer only uploads artifacts, updates code and runs change sets: CreateFunction,
  // InvokeFunction and UpdateFunctionConfiguration (the escalation path) are never exercised.
  github(
    "ci-deployer",
    [
      s3Object("PutObject", BUCKETS.artifacts, artifactKey),
      s3Object("GetObject", BUCKETS.artifacts, artifactKey, { weight: 0.5 }),
      s3List(BUCKETS.artifacts, "builds/", { weight: 0.5 }),
      api("lambda", "UpdateFunctionCode20150331v2", false, (ctx) => ({
        functionName: ctx.rng.pick(["orders-processor", "thumbnailer"]),
        publish: false,
      })),
      api("lambda", "GetFunction20150331v2", true, (ctx) =>
        fn(ctx.rng.pick(["orders-processor", "thumbnailer"])),
      ),
      api(
        "lambda",
        "PublishVersion20150331",
        false,
        (ctx) => fn(ctx.rng.pick(["orders-processor", "thumbnailer"])),
        {
          weight: 0.5,
        },
      ),
      api("cloudformation", "DescribeStacks", true, { stackName: "whittle-demo-app" }),
      api("cloudformation", "CreateChangeSet", false, (ctx) => ({
        stackName: "whittle-demo-app",
        changeSetName: `deploy-${ctx.rng.hex(7)}`,
        changeSetType: "UPDATE",
      })),
      api("cloudformation", "DescribeChangeSet", true, { stackName: "whittle-demo-app" }),
      api("cloudformation", "ExecuteChangeSet", false, { stackName: "whittle-demo-app" }, { weight: 0.5 }),
      // A cleanup step someone added to the workflow: the policy never allowed it.
      api("lambda", "DeleteFunction20150331", false, fn("orders-processor-old"), {
        denied: true,
        weight: 0.05,
      }),
    ],
    0.6,
  ),
  github(
    "github-actions-site-deploy",
    [
      s3Object("PutObject", BUCKETS.site, ({ rng }) => `assets/${rng.hex(10)}.js`),
      s3List(BUCKETS.site, ""),
      api(
        "cloudfront",
        "CreateInvalidation",
        false,
        { distributionId: "E2WHITTLEDEMO1" },
        { apiVersion: "2020_05_31" },
      ),
    ],
    0.3,
  ),
  github(
    "github-docs-publisher",
    [
      s3Object(
        "PutObject",
        BUCKETS.docs,
        ({ rng }) => `docs/${rng.pick(["guide", "api", "faq"])}/${rng.hex(6)}.html`,
      ),
      s3Object("DeleteObject", BUCKETS.docs, ({ rng }) => `docs/old/${rng.hex(6)}.html`, { weight: 0.3 }),
      s3List(BUCKETS.docs, "docs/"),
    ],
    0.3,
  ),
  {
    // Uses one prefix of one bucket and reads one table, out of two full-access policies.
    who: { role: "app-backend" },
    auth: "session",
    session: ecsTask,
    agent: AGENTS.nodeEcs,
    ip: IPS.nat,
    region: HOME_REGION,
    days: daily,
    hours: [8, 20],
    perDay: [8, 14],
    calls: [
      s3Object("GetObject", BUCKETS.uploads, ({ rng }) => `user-content/${rng.hex(12)}.jpg`, { weight: 3 }),
      s3Object("PutObject", BUCKETS.uploads, ({ rng }) => `user-content/${rng.hex(12)}.jpg`),
      dynamo("Query", TABLES.orders, { weight: 3 }),
      dynamo("GetItem", TABLES.orders, { weight: 2 }),
    ],
  },
  {
    who: { role: "open-trust-reader" },
    auth: "session",
    session: () => "reports-sync",
    agent: AGENTS.python,
    ip: IPS.vendor,
    region: HOME_REGION,
    days: { chance: 0.25 },
    hours: [4, 5],
    perDay: [2, 5],
    calls: [
      s3List(BUCKETS.reports, "published/"),
      s3Object("GetObject", BUCKETS.reports, datedKey("published/", ".pdf"), { weight: 2 }),
    ],
  },
  ...[HOME_REGION, EU_REGION].map(
    (region): Plan => ({
      who: { role: "vendor-monitoring" },
      auth: "session",
      session: ({ rng }) => `monitoring-${rng.int(1000, 9999)}`,
      agent: AGENTS.python,
      ip: IPS.vendor,
      region,
      days: daily,
      // The vendor polls its home region through the day and Europe twice each morning.
      hours: region === HOME_REGION ? [8, 20] : [6, 8],
      perDay: region === HOME_REGION ? [3, 6] : [2, 3],
      calls: [
        api("monitoring", "GetMetricData", true, metricWindow, { weight: 3 }),
        api("monitoring", "ListMetrics", true, { namespace: "AWS/Lambda" }),
        api("monitoring", "DescribeAlarms", true, { maxRecords: 100 }),
      ],
    }),
  ),
  {
    who: { role: "etl-glue-job" },
    auth: "session",
    session: () => "GlueJobRunnerSession",
    agent: "aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.227 OpenJDK_64-Bit_Server_VM/17.0.13",
    ip: "glue.amazonaws.com",
    invokedBy: "glue.amazonaws.com",
    region: HOME_REGION,
    days: daily,
    hours: [1, 2],
    perDay: [4, 7],
    calls: [
      s3List(BUCKETS.datalake, "raw/"),
      s3Object("GetObject", BUCKETS.datalake, datedKey("raw/", ".json.gz"), { weight: 2 }),
      s3Object("PutObject", BUCKETS.datalake, datedKey("curated/", ".parquet"), { weight: 2 }),
    ],
  },
  lambda(
    "batch-scheduler",
    [
      api("events", "ListRules", true, { namePrefix: "batch-" }),
      api("events", "DescribeRule", true, { name: "batch-nightly-report" }),
      api("events", "PutRule", false, {
        name: "batch-nightly-report",
        scheduleExpression: "cron(30 0 * * ? *)",
      }),
      api("events", "PutTargets", false, {
        rule: "batch-nightly-report",
        targets: [{ id: "report", arn: arn.fn("nightly-report"), roleArn: arn.role("legacy-report-runner") }],
      }),
    ],
    [2, 4],
    [6, 7],
  ),
  lambda(
    "marketing-site-renderer",
    [
      s3Object(
        "GetObject",
        BUCKETS.site,
        ({ rng }) => `templates/${rng.pick(["home", "pricing", "blog"])}.hbs`,
      ),
      s3Object(
        "PutObject",
        BUCKETS.site,
        ({ rng }) => `rendered/${rng.pick(["home", "pricing", "blog"])}.html`,
      ),
    ],
    [2, 6],
    [8, 18],
  ),
  lambda(
    "legacy-report-runner",
    [
      dynamo("Scan", TABLES.orders, { weight: 3 }),
      s3Object("PutObject", BUCKETS.reports, datedKey("nightly/", ".csv")),
    ],
    [3, 5],
    [0, 1],
  ),
  lambda(
    "orders-processor",
    [
      dynamo("GetItem", TABLES.orders, { weight: 3 }),
      dynamo("PutItem", TABLES.orders, { weight: 2 }),
      dynamo("UpdateItem", TABLES.orders, { weight: 2 }),
      { ...createLogStream("/aws/lambda/orders-processor", lambdaStream), weight: 0.3 },
    ],
    [3, 7],
    [8, 20],
  ),
  lambda(
    "thumbnailer",
    [
      s3Object("GetObject", BUCKETS.uploads, ({ rng }) => `user-content/${rng.hex(12)}.jpg`, { weight: 2 }),
      s3Object("PutObject", BUCKETS.uploads, ({ rng }) => `thumbnails/${rng.hex(12)}.webp`, { weight: 2 }),
      { ...createLogStream("/aws/lambda/thumbnailer", lambdaStream), weight: 0.3 },
    ],
    [3, 6],
    [8, 20],
  ),
  service(
    "ecs-task-execution",
    "ecs-tasks.amazonaws.com",
    [
      api("ecr", "GetAuthorizationToken", true, { registryIds: [ACCOUNT_ID] }),
      api("ecr", "BatchGetImage", true, {
        repositoryName: "app-backend",
        imageIds: [{ imageTag: "latest" }],
      }),
      api("ecr", "GetDownloadUrlForLayer", true, { repositoryName: "app-backend" }, { weight: 2 }),
      createLogStream("/ecs/app-backend", ({ rng }) => `app/app-backend/${rng.hex(32)}`),
    ],
    [1, 3],
    { hours: [7, 9] },
  ),
];
