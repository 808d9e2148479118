import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { type CfnFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { App, type FunctionProps, getStack, Function as SstFunction } from "sst/constructs";
import { initProject } from "sst/project.js";
import { API_ROUTES } from "../../stacks/routes.js";
import { deploymentSettings } from "../../stacks/settings.js";
import { whittle } from "../../stacks/Whittle.js";
import type { Placeholders } from "../helpers/cloudformation.js";
import { dogfood, functionRoles, type RolePolicies } from "../helpers/stack-roles.js";

const ACCOUNT = "123456789012";
const KMS_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

function synth(env: Record<string, string>) {
  const app = new App({
    mode: "deploy",
    stage: "test",
    name: "whittle",
    account: ACCOUNT,
    region: "us-east-1",
  });
  const stack = whittle(deploymentSettings(env));
  app.stack(stack);
  const cdkStack = getStack(stack);
  return { cdkStack, template: Template.fromStack(cdkStack) };
}

let singleStack: ReturnType<typeof getStack>;
let orgStack: ReturnType<typeof getStack>;
let single: Template;
let org: Template;
before(async () => {
  await initProject({ stage: "test" });
  ({ cdkStack: singleStack, template: single } = synth({}));
  ({ cdkStack: orgStack, template: org } = synth({
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
});

test("the schedule is daily by default and configurable", () => {
  single.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(0 3 * * ? *)" });
  org.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(30 2 ? * MON *)" });
});

test("the audit queue sends repeated failures to an encrypted dead-letter queue", () => {
  const queues = Object.values(single.findResources("AWS::SQS::Queue")).map((q) => q.Properties);
  assert.equal(queues.length, 2);
  for (const queue of queues) assert.equal(queue.SqsManagedSseEnabled, true);
  assert.ok(queues.some((q) => q.RedrivePolicy?.maxReceiveCount === 3));
  single.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
    BatchSize: 1,
    FunctionResponseTypes: ["ReportBatchItemFailures"],
  });
});

test("every function of the stack runs on Node 24; Whittle's own have active tracing", () => {
  for (const stack of [singleStack, orgStack]) {
    const functions = stack.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction);
    const ours = functions.filter((c): c is SstFunction => c instanceof SstFunction);
    assert.deepEqual(ours.map((f) => f.id).sort(), ["ApiFunction", "AuditWorker", "Job_ScheduledAudit"]);
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
  assert.equal(configured.length, 3);
  for (const fn of configured) assert.deepEqual(fn.Properties.TracingConfig, { Mode: "Active" });
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

    test("name no wildcard action and write only to Whittle's own bucket, table and queue", () => {
      const own = {
        bucket: "arn:aws:s3:::reportsbucket",
        table: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/findingstable`,
        queue: `arn:aws:sqs:us-east-1:${ACCOUNT}:auditsqueue`,
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
