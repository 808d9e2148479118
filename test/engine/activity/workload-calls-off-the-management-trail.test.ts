import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DATA_EVENT_TYPES } from "../../../core/engine/activity/knowledge/data-event-types.js";
import { OTHER_DATA_EVENT_TYPES } from "../../../core/engine/activity/knowledge/other-data-event-types.js";
import { defaultLogging, type TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A workload's telemetry and messaging calls that a trail of management events does not show:
// CloudWatch RUM's PutRumEvents and CloudWatch's GetMetricWidgetImage are data events
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html), as is
// SageMaker's InvokeEndpointAsync
// (https://docs.aws.amazon.com/sagemaker/latest/dg/logging-using-cloudtrail.html); X-Ray's page names
// GetSamplingRules as neither kind of event
// (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html), and CloudTrail records
// a Pinpoint application's API activity as data events without naming the calls
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html);
// Lake Formation's and IoT TwinMaker's pages say their data-plane reads are not logged, where that
// table lists data-event types for their resources
// (https://docs.aws.amazon.com/lake-formation/latest/dg/security-event-logging.html,
// https://docs.aws.amazon.com/iot-twinmaker/latest/guide/logging-using-cloudtrail.html), and that
// table records an MWAA environment's API activity as data events without naming its token calls
// (https://docs.aws.amazon.com/mwaa/latest/userguide/monitoring-cloudtrail.html).
const DATA = ["rum:PutRumEvents", "cloudwatch:GetMetricWidgetImage", "sagemaker:InvokeEndpointAsync"];
const UNCONFIRMED = [
  "xray:GetSamplingRules",
  "mobiletargeting:PutEvents",
  "lakeformation:GetTableObjects",
  "iottwinmaker:GetPropertyValue",
  "airflow:CreateWebLoginToken",
];
// A management event the trail would show, never made: removed, so silence is being judged.
const UNUSED = "xray:GetEncryptionConfig";

const app = role("app", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: [...DATA, ...UNCONFIRMED, UNUSED, "cloudwatch:DescribeAlarms"],
      Resource: "*",
    },
  ]),
});

async function judged(logging: TrailLogging) {
  const report = await auditWith(
    snapshotWith({ roles: [app] }),
    [
      eventItem({
        eventSource: "monitoring.amazonaws.com",
        eventName: "DescribeAlarms",
        recipientAccountId: ACCOUNT,
        userIdentity: roleSession(app.arn, "app"),
      }),
    ],
    { logging: [logging] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(rec, "a recommendation for the role");
  const unused = report.findings
    .filter((f) => f.principalArn === app.arn && f.kind === "unused-action")
    .map((f) => JSON.stringify(f.evidence));
  return { removed: rec.removedActions, named: (a: string) => unused.some((e) => e.includes(a)) };
}

describe("workload calls a trail of management events does not show", () => {
  test("a trail of management events alone keeps them and does not call them unused", async () => {
    const { removed, named } = await judged(defaultLogging());
    assert.ok(removed.includes(UNUSED), `${UNUSED} kept: ${JSON.stringify(removed)}`);
    for (const action of [...DATA, ...UNCONFIRMED]) {
      assert.ok(!removed.includes(action), `${action} removed: ${JSON.stringify(removed)}`);
      assert.ok(!named(action), `${action} reported unused`);
    }
  });

  test("a trail of their data events shows the data events unused; no trail shows the doubtful ones", async () => {
    const every = [...DATA_EVENT_TYPES.map((t) => t.type), ...OTHER_DATA_EVENT_TYPES];
    const { removed } = await judged(defaultLogging(every));
    for (const action of DATA)
      assert.ok(removed.includes(action), `${action} kept: ${JSON.stringify(removed)}`);
    for (const action of UNCONFIRMED)
      assert.ok(!removed.includes(action), `${action} removed: ${JSON.stringify(removed)}`);
  });
});
