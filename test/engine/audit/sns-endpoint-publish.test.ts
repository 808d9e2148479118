import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const APP = `arn:aws:sns:us-east-1:${ACCOUNT}:app/GCM/mobile`;

// A push backend: it publishes to its devices' platform endpoints and reads their attributes.
const pusher = () =>
  role(
    "pusher",
    ownPolicy([
      { Effect: "Allow", Action: ["sns:Publish", "sns:GetEndpointAttributes"], Resource: `${APP}/*` },
    ]),
  );

const readEndpoint = (roleArn: string) =>
  eventItem({
    eventSource: "sns.amazonaws.com",
    eventName: "GetEndpointAttributes",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "pusher"),
    requestParameters: { endpointArn: `${APP}/1111-2222` },
  });

const loggingOf = (...types: string[]): TrailLogging => ({
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: types.map((type) => ({ type, read: true, write: true, resources: "all" as const })),
});

// CloudTrail records a Publish to a topic as an AWS::SNS::Topic data event and one to a platform
// endpoint as an AWS::SNS::PlatformEndpoint data event, so a trail logging one type alone never
// sees the other's publishes.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
for (const type of ["AWS::SNS::Topic", "AWS::SNS::PlatformEndpoint"]) {
  test(`a trail logging ${type} data events alone does not show sns:Publish unused`, async () => {
    const role = pusher();
    const report = await auditWith(snapshotWith({ roles: [role] }), [readEndpoint(role.arn)], {
      logging: [loggingOf(type)],
    });
    const rec = report.recommendations.find((r) => r.principalArn === role.arn);
    assert.ok(rec, "a recommendation is made");
    assert.equal(rec.removedActions.includes("sns:Publish"), false, JSON.stringify(rec.policies));
    assert.ok(rec.unobservableKept.includes("sns:Publish"));
    const unused = report.findings.filter(
      (f) => f.principalArn === role.arn && JSON.stringify(f.evidence).includes("sns:Publish"),
    );
    assert.deepEqual(
      unused.map((f) => f.kind),
      [],
    );
  });
}

test("a trail logging both SNS data event types shows an endpoint publisher's sns:Publish unused when it never published", async () => {
  const role = pusher();
  const report = await auditWith(snapshotWith({ roles: [role] }), [readEndpoint(role.arn)], {
    logging: [loggingOf("AWS::SNS::Topic", "AWS::SNS::PlatformEndpoint")],
  });
  const rec = report.recommendations.find((r) => r.principalArn === role.arn);
  assert.ok(rec, "a recommendation is made");
  assert.ok(rec.removedActions.includes("sns:Publish"), JSON.stringify(rec.policies));
});
