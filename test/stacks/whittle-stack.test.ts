import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { type CfnFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { type FunctionProps, type getStack, Function as SstFunction } from "sst/constructs";
import { MALLOC_ENV } from "../../bin/malloc-threshold.js";
import { API_ROUTES } from "../../stacks/routes.js";
import type { Placeholders } from "../helpers/cloudformation.js";
import { dogfood, functionRoles, type RolePolicies } from "../helpers/stack-roles.js";
import { mainPath, stateMachines } from "../helpers/state-machine.js";
import { STACK_ACCOUNT, synthWhittle } from "../helpers/synth.js";

const ACCOUNT = STACK_ACCOUNT;
const KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

let singleStack: ReturnType<typeof getStack>;
let orgStack: ReturnType<typeof getStack>;
let single: Template;
let org: Template;
before(async () => {
  ({ cdkStack: singleStack, template: single } = await synthWhittle({}));
  ({ cdkStack: orgStack, template: org } = await synthWhittle({
    WHITTLE_ORG_MODE: "true",
    WHITTLE_TRAIL_BUCKET: "org-trail-logs",
    WHITTLE_KMS_KEY_ARN: KMS_KEY,
    WHITTLE_SCHEDULE: "cron(30 2 ? * MON *)",
  }));
});

const placeholders = (template: Template): Placeholders => ({
  account: ACCOUNT,
  region: "us-east-1",
  resources: template.toJSON().Resources,
});

describe("the reports bucket", () => {
  test("blocks public access, encrypts with S3-managed keys, expires old reports, and allows no CORS", () => {
    single.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: "reports/", ExpirationInDays: 400, Status: "Enabled" }),
        ]),
      },
      CorsConfiguration: Match.absent(),
    });
  });

  test("encrypts with the configured KMS key when one is given", () => {
    org.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: KMS_KEY },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });

  test("its policy denies every request not made over TLS", () => {
    single.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });
});

test("the table has point-in-time recovery, encryption, TTL and the byStatus index", () => {
  single.hasResourceProperties("AWS::DynamoDB::Table", {
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    SSESpecification: { SSEEnabled: true },
    TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    GlobalSecondaryIndexes: [
      Match.objectLike({
        IndexName: "byStatus",
        KeySchema: [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
      }),
    ],
  });
});

test("every API route requires IAM authorization", () => {
  const routes = Object.values(single.findResources("AWS::ApiGatewayV2::Route")).map((r) => r.Properties);
  assert.deepEqual(routes.map((r) => r.RouteKey).sort(), [...API_ROUTES].sort());
  for (const route of routes) assert.equal(route.AuthorizationType, "AWS_IAM", route.RouteKey);
  for (const listing of [
    "/accounts/{accountId}/audits",
    "/accounts/{accountId}/findings",
    "/org/audits",
    "/org/findings",
  ])
    assert.ok(
      routes.some((r) => r.RouteKey === `GET ${listing}`),
      listing,
    );
});

test("the schedule is daily by default and configurable", () => {
  single.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(0 3 * * ? *)" });
  org.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(30 2 ? * MON *)" });
});

describe("the audit state machines", () => {
  // biome-ignore lint/suspicious/noExplicitAny: ASL read as the JSON it is.
  let machines: Record<string, any>;
  before(() => {
    machines = stateMachines(single, placeholders(single));
  });

  test("a run is record → snapshot → last-accessed jobs → audit → lifecycle → complete, each task timed, retried and caught into RecordFailed", () => {
    const run = machines.AuditRun;
    const order = mainPath(run);
    assert.deepEqual(order, [
      "RecordRun",
      "Snapshot",
      "StartLastAccessed",
      "LastAccessedPending",
      "Audit",
      "Lifecycle",
      "Complete",
    ]);
    // The jobs are collected by a later state, after a wait in the state machine, while any is pending.
    assert.deepEqual(run.States.LastAccessedPending.Choices, [
      { Variable: "$.lastAccessed.pending", NumericGreaterThan: 0, Next: "WaitForLastAccessed" },
    ]);
    assert.equal(run.States.WaitForLastAccessed.Type, "Wait");
    assert.ok(run.States.WaitForLastAccessed.Seconds >= 5);
    assert.equal(run.States.WaitForLastAccessed.Next, "CollectLastAccessed");
    assert.equal(run.States.CollectLastAccessed.Next, "LastAccessedPending");
    const steps: Record<string, string> = {
      RecordRun: "record",
      StartLastAccessed: "last-accessed-start",
      CollectLastAccessed: "last-accessed-collect",
    };
    for (const name of [...order.filter((n) => run.States[n].Type === "Task"), "CollectLastAccessed"]) {
      const state = run.States[name];
      assert.ok(state.TimeoutSeconds > 0 && state.TimeoutSeconds <= 900, name);
      assert.deepEqual(state.Catch?.[0]?.ErrorEquals, ["States.ALL"], name);
      assert.equal(state.Catch?.[0]?.Next, "RecordFailed", name);
      assert.ok(state.Retry?.[0]?.ErrorEquals.includes("StoreUnavailableError"), name);
      assert.ok(state.Retry?.[0]?.BackoffRate >= 2, name);
      assert.equal(state.Parameters.step, steps[name] ?? name.toLowerCase(), name);
    }
    assert.equal(run.States.RecordFailed.Next, "RunFailed");
    assert.equal(run.States.RunFailed.Type, "Fail");
    assert.equal(run.TimeoutSeconds, 120 * 60, "the execution's own timeout");
  });

  test("org mode maps over the accounts with bounded concurrency, one nested execution named by each run id", () => {
    const map = machines.AuditOrganization.States.EachAccount;
    assert.equal(map.Type, "Map");
    assert.equal(map.MaxConcurrency, 5);
    const start = Object.values(map.ItemProcessor.States)[0] as {
      Resource: string;
      Parameters: Record<string, unknown>;
    };
    assert.match(start.Resource, /states:startExecution\.sync:2$/);
    assert.equal(start.Parameters["Name.$"], "$.runId");
  });

  test("an execution that times out or is aborted reaches the execution-ended function", () => {
    single.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: Match.objectLike({
        source: ["aws.states"],
        detail: Match.objectLike({ status: ["FAILED", "TIMED_OUT", "ABORTED"] }),
      }),
    });
  });

  test("alarms watch the dead-letter queue and failed, timed-out or aborted executions", () => {
    const alarms = Object.values(single.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);
    assert.ok(
      alarms.some((a) => a.MetricName === "ApproximateNumberOfMessagesVisible" && a.Namespace === "AWS/SQS"),
    );
    const executions = alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes("ExecutionsTimedOut"));
    assert.equal(executions.length, 2);
    const queues = Object.values(single.findResources("AWS::SQS::Queue")).map((q) => q.Properties);
    assert.equal(queues.length, 1);
    assert.equal(queues[0].SqsManagedSseEnabled, true);
  });

  test("POST /accounts/{accountId}/audits is rate limited; reads are not", () => {
    single.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      RouteSettings: {
        "POST /accounts/{accountId}/audits": { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 5 },
      },
    });
  });
});

test("every function of the stack runs on Node 24; Whittle's own have active tracing", () => {
  for (const stack of [singleStack, orgStack]) {
    const functions = stack.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction);
    const ours = functions.filter((c): c is SstFunction => c instanceof SstFunction);
    assert.deepEqual(ours.map((f) => f.id).sort(), [
      "ApiFunction",
      "AuditSteps",
      "ExecutionEnded",
      "Job_ScheduledAudit",
    ]);
    assert.deepEqual(
      functions.filter((f) => !(f instanceof SstFunction)).map((f) => f.node.id),
      ["CustomResourceHandler"],
    );
    for (const fn of functions) {
      // SST sets its functions' runtime when it builds their code, after synthesis: read what the
      // stack asked for (`props`, private in SST's typings). Other functions carry it already.
      const runtime =
        fn instanceof SstFunction
          ? (fn as unknown as { props: FunctionProps }).props.runtime
          : (fn.node.defaultChild as CfnFunction).runtime;
      assert.equal(runtime, "nodejs24.x", fn.node.path);
    }
  }
  const configured = Object.values(single.findResources("AWS::Lambda::Function")).filter(
    (f) => f.Properties.Environment?.Variables?.TABLE_NAME,
  );
  assert.equal(configured.length, 4);
  for (const fn of configured) {
    assert.deepEqual(fn.Properties.TracingConfig, { Mode: "Active" });
    // The functions that read trail objects keep glibc's mmap threshold fixed, as the CLI does.
    assert.equal(
      fn.Properties.Environment.Variables.MALLOC_MMAP_THRESHOLD_,
      MALLOC_ENV.MALLOC_MMAP_THRESHOLD_,
    );
  }
});

for (const [mode, template] of [
  ["single-account", () => single],
  ["org", () => org],
] as const) {
  describe(`function roles (${mode} mode)`, () => {
    let roles: RolePolicies[];
    before(() => {
      roles = functionRoles(template(), placeholders(template()));
    });

    test("name no wildcard action and write only to Whittle's own bucket and table", () => {
      const own = {
        bucket: "arn:aws:s3:::reportsbucket",
        table: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/findingstable`,
        deadLetters: `arn:aws:sqs:us-east-1:${ACCOUNT}:auditsdeadletters`,
      };
      const writes = /^(s3:(Put|Delete)|dynamodb:(Put|Update|Delete|BatchWrite)|sqs:SendMessage)/;
      assert.ok(roles.length >= 3);
      for (const role of roles) {
        for (const statement of role.statements) {
          for (const action of statement.actions) {
            assert.ok(!action.includes("*"), `${role.name}: ${action}`);
            if (!writes.test(action)) continue;
            for (const resource of statement.resources)
              assert.ok(
                Object.values(own).some((arn) => resource.startsWith(arn)),
                `${role.name}: ${action} on ${resource}`,
              );
          }
        }
      }
    });

    test("read IAM with exactly the collector's Get, List and Generate calls", () => {
      const iamActions = new Set(
        roles.flatMap((r) => r.statements.flatMap((s) => s.actions)).filter((a) => a.startsWith("iam:")),
      );
      for (const action of iamActions) assert.match(action, /^iam:(Get|List|Generate)/);
      if (mode === "single-account") assert.ok(iamActions.has("iam:GetAccountAuthorizationDetails"));
    });

    test("dogfood: Whittle's own permission detectors find nothing high or critical", () => {
      const findings = dogfood(roles, ACCOUNT);
      const serious = findings.filter((f) => f.severity === "high" || f.severity === "critical");
      assert.deepEqual(
        serious.map((f) => `${f.kind} ${f.principalArn}: ${f.title}`),
        [],
      );
    });
  });
}

test("the trail bucket is read-only and named exactly", () => {
  const roles = functionRoles(org, placeholders(org));
  const trail = roles
    .flatMap((r) => r.statements)
    .filter((s) => s.resources.some((x) => x.includes("org-trail-logs")));
  assert.deepEqual(trail.flatMap((s) => s.actions).sort(), ["s3:GetObject", "s3:ListBucket"]);
  assert.deepEqual(trail.flatMap((s) => s.resources).sort(), [
    "arn:aws:s3:::org-trail-logs",
    "arn:aws:s3:::org-trail-logs/*",
  ]);
});

test("LookupEvents reads every enabled region; a trail source reads what the trails log", () => {
  const actions = (template: Template) =>
    new Set(
      functionRoles(template, placeholders(template)).flatMap((r) => r.statements.flatMap((s) => s.actions)),
    );
  const lookup = actions(single);
  for (const action of ["cloudtrail:LookupEvents", "ec2:DescribeRegions"])
    assert.ok(lookup.has(action), action);
  for (const action of ["cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus"])
    assert.ok(!lookup.has(action), `${action}: LookupEvents shows management events whatever is logged`);
  const trail = actions(org);
  for (const action of [
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetEventSelectors",
    "cloudtrail:GetTrailStatus",
  ])
    assert.ok(trail.has(action), action);
  assert.ok(!trail.has("cloudtrail:LookupEvents"));
});
