import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { QUERY_COLUMNS } from "../../core/aws/athena-activity-query.js";
import { DEFAULT_REGIONS } from "../../core/engine/activity/shown-regions.js";
import type { Report } from "../../core/engine/report/schema.js";
import { createAuditStepsHandler } from "../../functions/audit-steps.js";
import { memberAccountClients } from "../../functions/member-account.js";
import type { Runtime } from "../../functions/runtime.js";
import type { RunState } from "../../functions/steps/run-state.js";
import { DEPLOYMENT } from "../helpers/function-runtime.js";
import { LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import type { MotoServer } from "../helpers/moto.js";
import { addReader, MEMBER, memberRuntime, startOrganization } from "../helpers/organization-trail.js";

// A member account audited through Athena over the organization trail's table: the trail, which
// logs S3 object events, belongs to the management account (moto's own), whose stops and selector
// changes are that account's records of the trail's home region.
const HOME = "us-east-1";
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const DAYS = [1, 2].map((n) => new Date(today + n * DAY_MS).toISOString().slice(0, 10));
const midnight = () => new Date(today + 3 * DAY_MS);

let moto: MotoServer;
before(async () => {
  moto = await startOrganization();
});
after(() => moto.stop());

/** The org trail as the member sees it, read through Athena. */
const athenaRuntime = (): Runtime =>
  memberRuntime(
    moto,
    { ACTIVITY_SOURCE: "athena", ATHENA_TABLE: "security.org_trail", ATHENA_ACCOUNT_PARTITION: "account" },
    midnight,
  );

type Row = Record<string, string>;
const dayRow = (account: string, region: string, day: string): Row => ({
  recipient_account: account,
  region,
  event_day: day,
  events: "1",
  first_seen: `${day}T12:00:00Z`,
  last_seen: `${day}T12:00:00Z`,
});
const callRow = (
  account: string,
  user: string,
  eventSource: string,
  eventName: string,
  day: string,
): Row => ({
  identity_type: "IAMUser",
  identity_arn: `arn:aws:iam::${account}:user/${user}`,
  identity_account: account,
  event_source: eventSource,
  event_name: eventName,
  event_type: "AwsApiCall",
  region: HOME,
  recipient_account: account,
  outcome: "allowed",
  events: "1",
  first_seen: `${day}T12:00:00Z`,
  last_seen: `${day}T12:00:00Z`,
});

/**
 * moto runs no SQL: the rows the table holds that the query selects are preset as its results.
 * The member's records are selected by its account; the owner's, of the trail's home region, only
 * where the query reads that account and region too.
 */
function answer(query: string, ownerChange: boolean): Row[] {
  const rows = [
    ...DAYS.flatMap((day) => DEFAULT_REGIONS.map((region) => dayRow(MEMBER, region, day))),
    callRow(MEMBER, "reader", "s3.amazonaws.com", "ListBuckets", DAYS[0]!),
  ];
  // The injected account partition column is read by one IN list, as Athena requires of it.
  const owner = new RegExp(`recipientaccountid = '${LAMBDA_ACCOUNT}' AND awsregion = '${HOME}'`);
  const partition = new RegExp(`"account" IN \\([^)]*'${LAMBDA_ACCOUNT}'`);
  if (!owner.test(query) || !partition.test(query)) return rows;
  rows.push(...DAYS.map((day) => dayRow(LAMBDA_ACCOUNT, HOME, day)));
  // A call of the owner's own, which the query's HAVING leaves out: the reader drops it as well.
  rows.push(callRow(LAMBDA_ACCOUNT, "admin", "sts.amazonaws.com", "AssumeRole", DAYS[0]!));
  if (ownerChange)
    rows.push(callRow(LAMBDA_ACCOUNT, "admin", "cloudtrail.amazonaws.com", "PutEventSelectors", DAYS[1]!));
  return rows;
}

/** A deployed run of the member: the query written, run by "Athena", then the audit. */
async function memberRun(runtime: Runtime, ownerChange: boolean): Promise<{ report: Report; query: string }> {
  const handler = createAuditStepsHandler(() => runtime);
  const context = lambdaContext("whittle-audit-steps");
  const runId = randomUUID();
  const run = (await handler(
    {
      step: "record",
      runId,
      executionId: `arn:aws:states:us-east-1:${LAMBDA_ACCOUNT}:execution:run:${runId}`,
      executionStart: midnight().toISOString(),
      input: { trigger: "api", accountId: MEMBER, days: DAYS.length },
    },
    context,
  )) as RunState;
  await handler({ step: "snapshot", run }, context);
  const { text } = (await handler({ step: "activity-query", run }, context)) as { text: string };
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
            ...answer(text, ownerChange).map((r) => cells(QUERY_COLUMNS.map((c) => r[c]))),
          ],
        },
      ],
    }),
  });
  assert.equal(preset.status, 201);
  const started = await moto.clients.athena.send(
    new StartQueryExecutionCommand({
      QueryString: text,
      ResultConfiguration: { OutputLocation: `s3://${DEPLOYMENT.bucket}/athena/` },
    }),
  );
  const queryExecutionId = started.QueryExecutionId ?? "";
  await handler({ step: "audit", run: { ...run, activity: { queryExecutionId } } }, context);
  const report = await runtime.reports.getReport({ accountId: MEMBER, runId });
  assert.ok(report, "the run has a report");
  return { report, query: text };
}

const unusedActions = (report: Report) =>
  report.findings.filter((f) => f.kind === "unused-action").flatMap((f) => f.actions ?? []);

test("a member's Athena run reads the organization trail owner's home region: its object reads are judged", async () => {
  const runtime = athenaRuntime();
  const member = await memberAccountClients(runtime, MEMBER, "setup");
  await addReader(member.iam);

  const { report, query } = await memberRun(runtime, false);
  assert.deepEqual(report.sources.problems?.filter((p) => p.code === "trail-changes-not-shown") ?? [], []);
  assert.equal(report.coverage?.[0]?.complete, true, JSON.stringify(report.coverage?.[0]?.failures));
  assert.ok(unusedActions(report).includes("s3:GetObject"), unusedActions(report).join(","));
  // The owner's own calls are not the member's activity.
  assert.equal(report.coverage?.[0]?.records, 1);

  // The owner's records count for their days and the trail's changes alone.
  assert.match(query, /\nHAVING event_day IS NOT NULL OR recipient_account = '111122223333'\n/);
  assert.match(
    query,
    /event_name IN \('StopLogging', 'StartLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'\)\)$/,
  );

  // The owner's selector change inside the window leaves nothing unused.
  const changed = (await memberRun(runtime, true)).report;
  assert.equal(changed.coverage?.[0]?.complete, false);
  assert.deepEqual(unusedActions(changed), []);
});
