import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { TrailPartition } from "../../core/engine/activity/partial.js";
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

// A member account audited from its folders of the organization trail's bucket: the trail, which
// logs S3 object events, belongs to the management account (moto's own), and its stops and
// selector changes are that account's calls in the trail's home region, in that folder alone.
const ORG = "o-exampleorgid";
// The window lies after the member's user is created (moto dates it now): a principal created
// inside the window is never judged.
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const DAYS = [1, 2].map((n) => new Date(today + n * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "/"));
const midnight = () => new Date(today + 3 * DAY_MS);
// The partition after the window's last day, where its last minutes before midnight are delivered.
const NEXT_DAY = midnight().toISOString().slice(0, 10).replaceAll("-", "/");

let moto: MotoServer;

async function deliver(account: string, region: string, day: string, records: object[]): Promise<void> {
  const Key = `AWSLogs/${ORG}/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${randomUUID()}.json.gz`;
  await moto.clients.s3.send(
    new PutObjectCommand({
      Bucket: DEPLOYMENT.trail,
      Key,
      Body: gzipSync(JSON.stringify({ Records: records })),
    }),
  );
}

const call = (
  account: string,
  region: string,
  day: string,
  eventSource: string,
  eventName: string,
  extra = {},
) => ({
  eventVersion: "1.08",
  eventSource,
  eventName,
  eventTime: `${day.replaceAll("/", "-")}T12:00:00Z`,
  awsRegion: region,
  recipientAccountId: account,
  ...extra,
});

/** The org trail as the member sees it: its cloudtrail shows the management account's trail. */
const bucketRuntime = (): Runtime => memberRuntime(moto, {}, midnight);

/** A deployed run of the member: plan, every partition in its own invocation, then the audit. */
async function memberRunFanned(runtime: Runtime): Promise<{ report: Report; plan?: TrailPartition[] }> {
  return run(runtime, true);
}

/** A deployed run of the member that reads the trail bucket in the audit's own invocation. */
async function memberRunWhole(runtime: Runtime): Promise<{ report: Report; plan?: TrailPartition[] }> {
  return run(runtime, false);
}

async function run(runtime: Runtime, fanOut: boolean): Promise<{ report: Report; plan?: TrailPartition[] }> {
  const handler = createAuditStepsHandler(() => runtime);
  const context = lambdaContext("whittle-audit-steps");
  const runId = randomUUID();
  let run = (await handler(
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
  let plan: TrailPartition[] | undefined;
  if (fanOut) {
    const planned = (await handler({ step: "partitions", run }, context)) as NonNullable<
      RunState["activity"]
    >;
    run = { ...run, activity: planned };
    plan = JSON.parse(await runtime.reports.getWork(runId, "partitions.json")) as TrailPartition[];
    for (const partition of plan) await handler({ step: "partition", run, partition }, context);
  }
  await handler({ step: "audit", run }, context);
  const report = await runtime.reports.getReport({ accountId: MEMBER, runId });
  assert.ok(report, "the run has a report");
  return { report, ...(plan ? { plan } : {}) };
}

for (const [mode, memberRun] of [
  ["fanned out over its partitions", memberRunFanned],
  ["read in the audit's own invocation", memberRunWhole],
] as const)
  describe(`a member's deployed run ${mode}`, () => {
    before(async () => {
      moto = await startOrganization();
    });
    after(() => moto.stop());

    test("the organization trail owner's home region is read: the member's object reads are judged", async () => {
      const runtime = bucketRuntime();
      const member = await memberAccountClients(runtime, MEMBER, "setup");
      await addReader(member.iam);
      const service = { userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" } };
      for (const day of DAYS) {
        for (const region of DEFAULT_REGIONS)
          await deliver(MEMBER, region, day, [
            call(MEMBER, region, day, "sts.amazonaws.com", "GetCallerIdentity", service),
          ]);
        // The owner's folder of the trail's home region: no stop or selector change inside the window.
        await deliver(LAMBDA_ACCOUNT, "us-east-1", day, [
          call(LAMBDA_ACCOUNT, "us-east-1", day, "s3.amazonaws.com", "ListBuckets", {
            userIdentity: {
              type: "IAMUser",
              arn: `arn:aws:iam::${LAMBDA_ACCOUNT}:user/admin`,
              accountId: LAMBDA_ACCOUNT,
            },
          }),
        ]);
        // Another region of the owner holds none of the trail's changes: not read.
        await deliver(LAMBDA_ACCOUNT, "eu-west-1", day, [
          call(LAMBDA_ACCOUNT, "eu-west-1", day, "sts.amazonaws.com", "GetCallerIdentity", service),
        ]);
      }
      await deliver(MEMBER, "us-east-1", DAYS[0]!, [
        call(MEMBER, "us-east-1", DAYS[0]!, "s3.amazonaws.com", "ListBuckets", {
          userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${MEMBER}:user/reader`, accountId: MEMBER },
        }),
      ]);

      const { report, plan } = await memberRun(runtime);
      if (plan)
        assert.deepEqual(
          [...new Set(plan.filter((p) => p.account === LAMBDA_ACCOUNT).map((p) => `${p.region} ${p.day}`))],
          [...DAYS, NEXT_DAY].map((day) => `us-east-1 ${day}`),
          "the owner's home region, every day of the window and the next, and nothing else of the owner's",
        );
      assert.deepEqual(
        report.sources.problems?.filter((p) => p.code === "trail-changes-not-shown") ?? [],
        [],
      );
      assert.equal(report.coverage?.[0]?.complete, true, JSON.stringify(report.coverage?.[0]?.failures));
      const unused = report.findings
        .filter((f) => f.kind === "unused-action")
        .flatMap((f) => f.actions ?? []);
      assert.ok(unused.includes("s3:GetObject"), unused.join(","));
      // The owner's own calls are not the member's activity.
      assert.ok(!report.principals.some((p) => p.arn.includes(`::${LAMBDA_ACCOUNT}:`)));

      // The owner's selector change inside the window, in that folder, leaves nothing unused.
      await deliver(LAMBDA_ACCOUNT, "us-east-1", DAYS[1]!, [
        call(LAMBDA_ACCOUNT, "us-east-1", DAYS[1]!, "cloudtrail.amazonaws.com", "PutEventSelectors", {
          requestParameters: { trailName: "org" },
          userIdentity: {
            type: "IAMUser",
            arn: `arn:aws:iam::${LAMBDA_ACCOUNT}:user/admin`,
            accountId: LAMBDA_ACCOUNT,
          },
        }),
      ]);
      const changed = (await memberRun(runtime)).report;
      assert.equal(changed.coverage?.[0]?.complete, false);
      assert.deepEqual(
        changed.findings.filter((f) => f.kind === "unused-action").flatMap((f) => f.actions ?? []),
        [],
      );
    });
  });
