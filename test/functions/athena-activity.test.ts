import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { CreateWorkGroupCommand } from "@aws-sdk/client-athena";
import type { Template } from "aws-cdk-lib/assertions";
import { QUERY_COLUMNS } from "../../core/aws/athena-activity-query.js";
import { TRAIL_REGIONS } from "../../stacks/trail-regions.js";
import { type Placeholders, resolveIntrinsics } from "../helpers/cloudformation.js";
import { driveExecution, type Machines } from "../helpers/drive-audit.js";
import { deliverRecord, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { dogfood, functionRoles } from "../helpers/stack-roles.js";
import { mainPath, stateMachines, type Trace } from "../helpers/state-machine.js";
import { STACK_ACCOUNT, synthWhittle } from "../helpers/synth.js";

const ATHENA = { WHITTLE_ACTIVITY_SOURCE: "athena", WHITTLE_TRAIL_BUCKET: "org-trail-logs" };

let template: Template;
let placeholders: Placeholders;
let machines: Machines;
before(async () => {
  ({ template, placeholders } = await synthWhittle({ ...ATHENA, WHITTLE_TRAIL_ORG_ID: "o-exampleorg1" }));
  const found = stateMachines(template, placeholders);
  machines = { account: found.AuditRun!, organization: found.AuditOrganization! };
});

/** The reports bucket's physical name without CDK's hash suffix. */
const unhashed = (value: unknown) => String(value).replace(/reportsbucket[0-9a-f]{8}/, "reportsbucket");

/** The steps function's environment as CloudFormation would set it. */
function stepsEnvironment(): Record<string, string> {
  const fn = Object.values(template.findResources("AWS::Lambda::Function")).find(
    (f) => f.Properties.Handler?.includes("audit-steps") || f.Properties.Environment?.Variables?.ATHENA_TABLE,
  );
  return resolveIntrinsics(fn?.Properties.Environment.Variables, placeholders) as Record<string, string>;
}

describe("the synthesized Athena source", () => {
  test("a workgroup enforces encrypted results under the reports bucket's athena/ prefix", () => {
    const [workGroup] = Object.values(template.findResources("AWS::Athena::WorkGroup"));
    const config = workGroup?.Properties.WorkGroupConfiguration;
    assert.equal(config.EnforceWorkGroupConfiguration, true);
    assert.deepEqual(config.ResultConfiguration.EncryptionConfiguration, { EncryptionOption: "SSE_S3" });
    assert.equal(
      unhashed(resolveIntrinsics(config.ResultConfiguration.OutputLocation, placeholders)),
      "s3://reportsbucket/athena/",
    );
  });

  test("the CloudTrail table projects account, region and day over the organization trail's layout", () => {
    const [table] = Object.values(template.findResources("AWS::Glue::Table"));
    const input = table?.Properties.TableInput;
    assert.deepEqual(
      input.PartitionKeys.map((k: { Name: string }) => k.Name),
      ["account", "region", "day"],
    );
    assert.equal(input.Parameters["projection.enabled"], "true");
    assert.equal(input.Parameters["projection.account.type"], "injected");
    assert.equal(input.Parameters["projection.region.values"], TRAIL_REGIONS.aws?.join(","));
    assert.equal(
      input.Parameters["storage.location.template"],
      "s3://org-trail-logs/AWSLogs/o-exampleorg1/${account}/CloudTrail/${region}/${day}",
    );
    assert.equal(input.StorageDescriptor.InputFormat, "com.amazon.emr.cloudtrail.CloudTrailInputFormat");
  });

  test("the run aggregates in Athena between snapshot and audit, through the .sync integration", () => {
    const run = machines.account;
    assert.deepEqual(mainPath(run), [
      "RecordRun",
      "Snapshot",
      "StartLastAccessed",
      "LastAccessedPending",
      "ActivityQuery",
      "AthenaAggregate",
      "Audit",
      "Lifecycle",
      "Complete",
    ]);
    const aggregate = run.States.AthenaAggregate!;
    assert.match(aggregate.Resource ?? "", /^arn:aws:states:::athena:startQueryExecution\.sync$/);
    assert.equal(aggregate.Catch?.[0]?.Next, "RecordFailed");
    assert.ok(aggregate.Retry?.some((r) => r.ErrorEquals.includes("Athena.TooManyRequestsException")));
  });

  test("the state machine may run queries in its workgroup and read the trail, and writes only results", () => {
    const roles = functionRoles(template, placeholders);
    const statements = roles.flatMap((r) => r.statements);
    const grants = (action: string) =>
      statements.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
    assert.deepEqual(grants("athena:StartQueryExecution"), [
      `arn:aws:athena:us-east-1:${STACK_ACCOUNT}:workgroup/activityworkgroup`,
    ]);
    assert.deepEqual(grants("s3:PutObject").map(unhashed).sort(), [
      "arn:aws:s3:::reportsbucket/athena/*",
      "arn:aws:s3:::reportsbucket/reports/*",
      "arn:aws:s3:::reportsbucket/work/*",
    ]);
    const actions = new Set(statements.flatMap((s) => s.actions));
    for (const action of actions)
      assert.doesNotMatch(action, /^glue:(Create|Update|Delete|Batch)|^s3:CreateBucket|^lakeformation/);
    assert.deepEqual(grants("athena:GetQueryResults"), [
      `arn:aws:athena:us-east-1:${STACK_ACCOUNT}:workgroup/activityworkgroup`,
    ]);
  });

  test("dogfood: Whittle's own detectors find nothing high or critical in the Athena deployment", () => {
    const serious = dogfood(functionRoles(template, placeholders), STACK_ACCOUNT).filter(
      (f) => f.severity === "high" || f.severity === "critical",
    );
    assert.deepEqual(
      serious.map((f) => `${f.kind} ${f.principalArn}: ${f.title}`),
      [],
    );
  });

  test("pointed at an existing table, the stack creates no table and queries the one named", async () => {
    const existing = await synthWhittle({ ...ATHENA, WHITTLE_ATHENA_TABLE: "security.org_trail" });
    assert.equal(Object.keys(existing.template.findResources("AWS::Glue::Table")).length, 0);
    assert.equal(Object.keys(existing.template.findResources("AWS::Athena::WorkGroup")).length, 1);
    const envs = Object.values(existing.template.findResources("AWS::Lambda::Function")).map(
      (f) => f.Properties.Environment?.Variables?.ATHENA_TABLE,
    );
    assert.ok(envs.includes("security.org_trail"));
  });
});

describe("a deployed run over Athena, against moto", () => {
  let moto: MotoServer;
  before(async () => {
    moto = await startMoto();
    await deployToMoto(moto);
    await deliverRecord(moto, LAMBDA_ACCOUNT);
    await moto.clients.athena.send(new CreateWorkGroupCommand({ Name: "activityworkgroup" }));
  });
  after(() => moto.stop());

  test("the state machine's query is read into the report: usage, coverage of every projected region", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const row: Record<string, string> = {
      identity_type: "AssumedRole",
      identity_arn: `arn:aws:sts::${LAMBDA_ACCOUNT}:assumed-role/app-backend/i-0abc`,
      identity_account: LAMBDA_ACCOUNT,
      issuer_arn: `arn:aws:iam::${LAMBDA_ACCOUNT}:role/app-backend`,
      event_source: "s3.amazonaws.com",
      event_name: "ListBuckets",
      event_type: "AwsApiCall",
      region: "eu-west-1",
      recipient_account: LAMBDA_ACCOUNT,
      outcome: "allowed",
      events: "7",
      first_seen: `${yesterday}T08:00:00Z`,
      last_seen: `${yesterday}T09:00:00Z`,
    };
    // The per-day row of the same records: the only day of the window eu-west-1 is known to hold.
    const day: Record<string, string> = {
      region: "eu-west-1",
      recipient_account: LAMBDA_ACCOUNT,
      event_day: yesterday,
      events: "7",
      first_seen: row.first_seen!,
      last_seen: row.last_seen!,
    };
    const cells = (values: (string | undefined)[]) => ({
      Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
    });
    const preset = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, {
      method: "POST",
      body: JSON.stringify({
        account_id: LAMBDA_ACCOUNT,
        region: "us-east-1",
        results: [
          {
            column_info: QUERY_COLUMNS.map((Name) => ({ Name, Type: "varchar" })),
            rows: [
              cells(QUERY_COLUMNS),
              cells(QUERY_COLUMNS.map((c) => row[c])),
              cells(QUERY_COLUMNS.map((c) => day[c])),
            ],
          },
        ],
      }),
    });
    assert.equal(preset.status, 201);

    const env = stepsEnvironment();
    const runtime = motoRuntime(moto, {
      ACTIVITY_SOURCE: env.ACTIVITY_SOURCE!,
      ATHENA_TABLE: env.ATHENA_TABLE!,
      ATHENA_DATE_PARTITION: env.ATHENA_DATE_PARTITION!,
      ATHENA_ACCOUNT_PARTITION: env.ATHENA_ACCOUNT_PARTITION!,
      ATHENA_REGIONS: env.ATHENA_REGIONS!,
    });
    const runId = randomUUID();
    const trace: Trace[] = [];
    const outcome = await driveExecution(machines, runtime, "account", runId, { trigger: "api" }, { trace });
    assert.equal(outcome.error, undefined, outcome.error?.message);
    assert.equal((await runtime.findings.getRun(runId))?.status, "SUCCEEDED");

    const query = trace.find((t) => t.state === "AthenaAggregate")?.payload as {
      QueryString: string;
      WorkGroup: string;
    };
    assert.equal(query.WorkGroup, "activityworkgroup");
    assert.match(query.QueryString, new RegExp(`"account" = '${LAMBDA_ACCOUNT}'`));
    assert.match(query.QueryString, /"day" BETWEEN '\d{4}\/\d{2}\/\d{2}' AND '\d{4}\/\d{2}\/\d{2}'/);
    assert.match(
      query.QueryString,
      /GROUP BY GROUPING SETS \(\(.*\), \(recipient_account, region, event_day\)\)$/,
    );

    const report = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId });
    const [coverage] = report?.coverage ?? [];
    assert.equal(coverage?.source, `Athena: ${env.ATHENA_TABLE}`);
    assert.deepEqual(coverage?.regions, [...(TRAIL_REGIONS.aws ?? [])].sort());
    assert.equal(coverage?.records, 1);
    // The other days of the window hold no record of eu-west-1: they are gaps, not quiet days.
    assert.equal(coverage?.complete, false);
    assert.deepEqual(
      coverage?.gaps?.map((g) => [g.account, g.region, g.days.includes(yesterday), g.days.length > 80]),
      [[LAMBDA_ACCOUNT, "eu-west-1", false, true]],
    );
    const app = report?.principals.find((p) => p.name === "app-backend");
    assert.equal(app?.usage, "used");
  });
});
