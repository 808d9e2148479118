import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// The X-Ray daemon sends segments with PutTraceSegments and PutTelemetryRecords, which CloudTrail
// records as data events only, and polls GetSamplingRules and GetSamplingTargets:
// https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html. CloudWatch Logs'
// PutLogEvents is never recorded:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html. A trail of
// management events is silent about a host sending traces and logs all day: its silence shows
// neither service unused, though the actions it would record (the sampling summaries, a new log
// stream) are.
const XRAY = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
];
const LOGS = ["logs:CreateLogStream", "logs:PutLogEvents"];

const host = role("host", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "iam:ListRoles", ...XRAY, ...LOGS], Resource: "*" },
  ]),
});

async function audit(): Promise<Report> {
  return auditWith(
    snapshotWith({ roles: [host] }),
    [
      eventItem({
        eventSource: "s3.amazonaws.com",
        eventName: "ListBuckets",
        userIdentity: roleSession(host.arn, "host"),
      }),
    ],
    { logging: [defaultLogging()] },
  );
}

const of = (report: Report, kind: string) =>
  report.findings.filter((f) => f.principalArn === host.arn && f.kind === kind);

test("a service some granted call of which the trail does not record is not called unused", async () => {
  const report = await audit();
  const services = of(report, "unused-service").flatMap((f) =>
    (f.evidence.services as { service: string }[]).map((s) => s.service),
  );
  // IAM's every call is recorded: its silence shows it unused.
  assert.deepEqual(services, ["iam"]);
});

test("its calls the trail would record are still reported unused, once", async () => {
  const report = await audit();
  const actions = of(report, "unused-action").flatMap((f) => f.actions ?? []);
  assert.deepEqual(actions.sort(), ["logs:CreateLogStream", "xray:GetSamplingStatisticSummaries"]);
  const [finding] = of(report, "unused-action");
  assert.match(finding!.detail, /may use logs, xray through calls the trail does not record/);
});
