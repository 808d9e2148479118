import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "AWS IoT data plane actions (device side) are not logged by CloudTrail. Use CloudWatch to monitor
// these actions. Generally speaking, AWS IoT control plane actions that make changes are logged by
// CloudTrail. Calls such as CreateThing, CreateKeysAndCertificate, and UpdateCertificate leave
// CloudTrail entries, while calls such as ListThings and ListTopicRules do not."
// https://docs.aws.amazon.com/iot/latest/developerguide/iot-using-cloudtrail.html
// A trail of every management event is therefore silent about iot:Publish (the data plane's
// Publish, https://docs.aws.amazon.com/iot/latest/apireference/API_iotdata_Publish.html) and
// iot:ListThings however often they are called: that silence cannot show them unused.
const TOPIC = `arn:aws:iot:us-east-1:${ACCOUNT}:topic/telemetry`;

const app = role("app", {
  ...ownPolicy([
    { Effect: "Allow", Action: "iot:Publish", Resource: TOPIC },
    { Effect: "Allow", Action: ["iot:CreateThing", "iot:ListThings"], Resource: "*" },
  ]),
});

async function audit() {
  return auditWith(
    snapshotWith({ roles: [app] }),
    [
      eventItem({
        eventSource: "iot.amazonaws.com",
        eventName: "CreateThing",
        recipientAccountId: ACCOUNT,
        userIdentity: roleSession(app.arn, "app"),
        requestParameters: { thingName: "sensor-1" },
      }),
    ],
    { logging: [defaultLogging()] },
  );
}

test("a role's IoT data-plane publish, which no trail records, is kept in its proven policy", async () => {
  const report = await audit();
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(rec, "a recommendation for the role");
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(
    rec.removedActions.filter((a) => a.startsWith("iot:")),
    [],
    `the trail cannot show iot:Publish or iot:ListThings unused: ${JSON.stringify(rec.policies.map((p) => p.document))}`,
  );
});

test("IoT calls CloudTrail does not record are not reported unused", async () => {
  const report = await audit();
  const unused = report.findings.filter(
    (f) =>
      f.principalArn === app.arn &&
      (f.kind === "unused-action" || f.kind === "unused-service") &&
      JSON.stringify(f.evidence).includes("iot"),
  );
  assert.deepEqual(
    unused.map((f) => f.title),
    [],
  );
});
