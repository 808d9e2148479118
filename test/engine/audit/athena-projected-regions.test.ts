import assert from "node:assert/strict";
import { test } from "node:test";
import { QUERY_COLUMNS } from "../../../core/aws/athena-activity-query.js";
import { athenaResultsSource } from "../../../core/aws/athena-activity-source.js";
import { utcDays } from "../../../core/engine/activity/delivery-days.js";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { catalog } from "../../helpers/catalog.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A deployed run's Athena table projects the regions named with WHITTLE_TRAIL_REGIONS, here
// us-east-1 and eu-west-1: the query never reads another region's files. The role describes
// instances in ap-southeast-2 every night, which no row can show.
const NOW = new Date("2026-06-01T00:00:00Z");
const DAYS = 30;
const app = role("app", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], Resource: "*" },
  ]),
});

function resultRows(): Record<string, string>[] {
  const start = new Date(NOW.getTime() - DAYS * 86_400_000).toISOString();
  const days = utcDays({ start, end: NOW.toISOString() });
  const listBuckets = {
    identity_type: "AssumedRole",
    identity_arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/i-0abc`,
    identity_account: ACCOUNT,
    issuer_arn: app.arn,
    event_source: "s3.amazonaws.com",
    event_name: "ListBuckets",
    event_type: "AwsApiCall",
    region: "eu-west-1",
    recipient_account: ACCOUNT,
    outcome: "allowed",
    events: "40",
    first_seen: `${days[0]}T08:00:00Z`,
    last_seen: `${days.at(-1)}T08:00:00Z`,
  };
  const dayRows = days.flatMap((day) =>
    ["us-east-1", "eu-west-1"].map((region) => ({
      recipient_account: ACCOUNT,
      region,
      event_day: day,
      events: "3",
      first_seen: `${day}T01:00:00Z`,
      last_seen: `${day}T23:00:00Z`,
    })),
  );
  return [listBuckets, ...dayRows];
}

function athena(rows: Record<string, string>[]) {
  return {
    send: async (command: object) =>
      command.constructor.name === "GetQueryExecutionCommand"
        ? { QueryExecution: { Status: { State: "SUCCEEDED" } } }
        : {
            ResultSet: {
              ResultSetMetadata: { ColumnInfo: QUERY_COLUMNS.map((Name) => ({ Name })) },
              Rows: rows.map((row) => ({
                Data: QUERY_COLUMNS.map((c) => (row[c] === undefined ? {} : { VarCharValue: row[c] })),
              })),
            },
          },
  };
}

test("an Athena table projecting some default regions only calls nothing unused from the others' silence", async () => {
  const source = athenaResultsSource({
    athena: athena(resultRows()) as never,
    queryExecutionId: "q-1",
    table: "whittle.cloudtrail",
    extent: { regions: ["eu-west-1", "us-east-1"], accounts: [ACCOUNT] },
    accountId: ACCOUNT,
  });
  assert.deepEqual(source.regions, ["eu-west-1", "us-east-1"]);
  const trail = {
    trail: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org`,
    home: "eu-west-1",
    ...defaultLogging(),
    status: { logging: true as const, startedAt: "2020-01-01T00:00:00Z" },
  };
  const report = await runAudit(
    {
      snapshot: {
        description: "fixture",
        load: async () => snapshotWith({ roles: [app], collectedAt: NOW.toISOString() }),
      },
      activity: [source],
      logging: [trail],
    },
    { catalog, now: NOW, days: DAYS, version: "test", config: auditConfig({}) },
  );
  const unused = report.findings.filter((f) => f.kind === "unused-action" && f.principalArn === app.arn);
  assert.deepEqual(
    unused.flatMap((f) => f.actions ?? []),
    [],
    "ec2:DescribeInstances, called in a region the table never reads, is not unused",
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(
    rec === undefined || JSON.stringify(rec.policies).includes("ec2:DescribeInstances"),
    JSON.stringify(rec?.policies.map((p) => p.document)),
  );
});

test("an Athena table projecting every default region is counted on as before", () => {
  const source = athenaResultsSource({
    athena: athena([]) as never,
    queryExecutionId: "q-2",
    table: "whittle.cloudtrail",
    extent: {
      regions: [
        ...["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1"],
        ...["ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2"],
        ...["eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "me-south-1"],
      ],
    },
  });
  assert.equal(source.regions, undefined);
  const gov = athenaResultsSource({
    athena: athena([]) as never,
    queryExecutionId: "q-3",
    table: "whittle.cloudtrail",
    extent: { regions: ["us-gov-west-1", "us-gov-east-1"] },
  });
  assert.equal(gov.regions, undefined);
  const west = athenaResultsSource({
    athena: athena([]) as never,
    queryExecutionId: "q-4",
    table: "whittle.cloudtrail",
    extent: { regions: ["us-gov-west-1"] },
  });
  assert.deepEqual(west.regions, ["us-gov-west-1"]);
});
