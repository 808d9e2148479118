import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;

const bothTypes: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: ["AWS::SNS::Topic", "AWS::SNS::PlatformEndpoint"].map((type) => ({
    type,
    read: true,
    write: true,
    resources: "all" as const,
  })),
};

const call = (roleArn: string, eventName: string, requestParameters: Record<string, unknown>) =>
  eventItem({
    eventSource: "sns.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "sender"),
    requestParameters,
  });

// Sends texts: Publish with PhoneNumber, and checks a number's opt-out first.
const textingRole = () =>
  role(
    "texter",
    ownPolicy([
      { Effect: "Allow", Action: ["sns:Publish", "sns:CheckIfPhoneNumberIsOptedOut"], Resource: "*" },
    ]),
  );

// A Publish to a phone number names neither a topic nor a platform endpoint, so neither SNS data
// event type records it, and IAM authorizes it on the number itself: a grant of sns:Publish whose
// resources could match a number (here `*`) may be sending texts no trail shows.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
test("a trail logging both SNS data event types does not show sns:Publish unused where its grant covers a phone number", async () => {
  const texter = textingRole();
  const report = await auditWith(
    snapshotWith({ roles: [texter] }),
    [call(texter.arn, "CheckIfPhoneNumberIsOptedOut", { phoneNumber: "+12065550100" })],
    { logging: [bothTypes] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === texter.arn);
  assert.ok(rec, "a recommendation is made");
  assert.equal(rec.removedActions.includes("sns:Publish"), false, JSON.stringify(rec.policies));
  assert.ok(rec.unobservableKept.includes("sns:Publish"));
  assert.match(JSON.stringify(rec.policies), /sns:Publish/);
  const unused = report.findings.filter(
    (f) => f.kind.startsWith("unused") && JSON.stringify(f).includes("sns:Publish"),
  );
  assert.deepEqual(
    unused.map((f) => f.kind),
    [],
  );
});

test("a grant of sns:Publish on topics only is still judged by the topic data events, beside a texter", async () => {
  const notifier = role(
    "notifier",
    ownPolicy([{ Effect: "Allow", Action: ["sns:Publish", "sns:GetTopicAttributes"], Resource: TOPIC }]),
  );
  const report = await auditWith(
    snapshotWith({ roles: [notifier, textingRole()] }),
    [call(notifier.arn, "GetTopicAttributes", { topicArn: TOPIC })],
    { logging: [bothTypes] },
  );
  const rec = report.recommendations.find((r) => r.principalArn === notifier.arn);
  assert.ok(rec, "a recommendation is made");
  assert.ok(rec.removedActions.includes("sns:Publish"), JSON.stringify(rec.policies));
  assert.equal(rec.unobservableKept.includes("sns:Publish"), false);
  // Its findings are judged by its own grants too, whatever the texter beside it may do.
  const unused = report.findings.filter(
    (f) =>
      f.kind === "unused-action" &&
      f.principalArn === notifier.arn &&
      JSON.stringify(f).includes("sns:Publish"),
  );
  assert.equal(unused.length, 1, JSON.stringify(report.findings.map((f) => [f.kind, f.principalArn])));
});
