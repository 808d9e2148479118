import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultLogging, type TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// CloudTrail records SES's API sends only as data events of the email identity
// (https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html), EventBridge's PutEvents
// only as data events of the event bus
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/logging-using-cloudtrail.html), and X-Ray's
// GetSamplingTargets only as a data event of the trace
// (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html). A trail of management
// events alone is silent about them however often they are made; mail sent through SES's SMTP
// interface, authorized as ses:SendRawEmail, is recorded by no trail at all.
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/orders`;
const SENDS = ["ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "events:PutEvents"];
const SAMPLING = "xray:GetSamplingTargets";

const app = role("app", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail"],
      Resource: IDENTITY,
    },
    { Effect: "Allow", Action: ["events:PutEvents", "events:DescribeEventBus"], Resource: BUS },
    { Effect: "Allow", Action: SAMPLING, Resource: "*" },
  ]),
});

// The role's one recorded call: a management event every trail records.
async function audit(logging: TrailLogging) {
  return auditWith(
    snapshotWith({ roles: [app] }),
    [
      eventItem({
        eventSource: "events.amazonaws.com",
        eventName: "DescribeEventBus",
        recipientAccountId: ACCOUNT,
        userIdentity: roleSession(app.arn, "app"),
        requestParameters: { name: "orders" },
      }),
    ],
    { logging: [logging] },
  );
}

async function judged(logging: TrailLogging) {
  const report = await audit(logging);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(rec, "a recommendation for the role");
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  const unused = report.findings
    .filter((f) => f.principalArn === app.arn && f.kind === "unused-action")
    .map((f) => JSON.stringify(f.evidence));
  const named = (action: string) => unused.some((e) => e.includes(action));
  return { removed: rec.removedActions, named };
}

describe("sends and sampling CloudTrail records only as data events", () => {
  test("a trail of management events alone keeps them and does not call them unused", async () => {
    const { removed, named } = await judged(defaultLogging());
    for (const action of [...SENDS, SAMPLING]) {
      assert.ok(!removed.includes(action), `${action} removed: ${JSON.stringify(removed)}`);
      assert.ok(!named(action), `${action} reported unused`);
    }
  });

  test("a trail of their data events shows them unused, but not SES's SMTP sends", async () => {
    const { removed } = await judged(
      defaultLogging(["AWS::SES::EmailIdentity", "AWS::Events::EventBus", "AWS::XRay::Trace"]),
    );
    for (const action of ["ses:SendEmail", "ses:SendTemplatedEmail", "events:PutEvents", SAMPLING])
      assert.ok(removed.includes(action), `${action} kept: ${JSON.stringify(removed)}`);
    assert.ok(!removed.includes("ses:SendRawEmail"), "ses:SendRawEmail removed");
  });
});

// IoT SiteWise records a value call as a data event of the asset when the request names the asset,
// of the time series when it names the series' alias
// (https://docs.aws.amazon.com/iot-sitewise/latest/userguide/logging-using-cloudtrail.html): only a
// trail logging both shows every ingestion.
const ASSET = `arn:aws:iotsitewise:us-east-1:${ACCOUNT}:asset/a1b2c3d4-5678-90ab-cdef-22222EXAMPLE`;
const INGEST = "iotsitewise:BatchPutAssetPropertyValue";
const gateway = role("gateway", {
  ...ownPolicy([{ Effect: "Allow", Action: [INGEST, "iotsitewise:DescribeAsset"], Resource: ASSET }]),
});

async function removedFromGateway(logging: TrailLogging) {
  const report = await auditWith(
    snapshotWith({ roles: [gateway] }),
    [
      eventItem({
        eventSource: "iotsitewise.amazonaws.com",
        eventName: "DescribeAsset",
        recipientAccountId: ACCOUNT,
        userIdentity: roleSession(gateway.arn, "gateway"),
        requestParameters: { assetId: "a1b2c3d4-5678-90ab-cdef-22222EXAMPLE" },
      }),
    ],
    { logging: [logging] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === gateway.arn);
  assert.ok(rec, "a recommendation for the role");
  return rec.removedActions;
}

describe("IoT SiteWise ingestion, recorded as the asset or as the time series", () => {
  test("a trail of management events alone keeps it", async () => {
    assert.ok(!(await removedFromGateway(defaultLogging())).includes(INGEST));
  });
  test("a trail of the assets' data events alone keeps it: values sent by alias are not recorded", async () => {
    assert.ok(!(await removedFromGateway(defaultLogging(["AWS::IoTSiteWise::Asset"]))).includes(INGEST));
  });
  test("a trail of both types' data events shows it unused", async () => {
    const logging = defaultLogging(["AWS::IoTSiteWise::Asset", "AWS::IoTSiteWise::TimeSeries"]);
    assert.ok((await removedFromGateway(logging)).includes(INGEST));
  });
});
