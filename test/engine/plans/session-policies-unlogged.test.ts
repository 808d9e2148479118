import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEventSelectors } from "../../../core/engine/activity/event-selectors.js";
import type { ActivityItem, ActivitySource } from "../../../core/engine/activity/types.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { AUDIT_NOW, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const selectors = (ReadWriteType: string) =>
  parseEventSelectors(
    { EventSelectors: [{ ReadWriteType, IncludeManagementEvents: true, DataResources: [] }] },
    "selectors.json",
  );
// STS's AssumeRole events are read-only: a trail logging write events alone never records one, nor
// the PolicyArns a session was limited by.
const writeOnly = selectors("WriteOnly");
const everything = selectors("All");

// "ops" is held by roles a and b, and may be named as a session policy when the on-call broker
// assumes role x (x holds ec2:* itself): x's sessions may then do what x and ops both allow,
// StopInstances included. The trail shows a and b starting instances and x's session stopping one.
const ops = managed("ops", {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["ec2:StartInstances", "ec2:StopInstances"], Resource: "*" }],
});
const a = role("a", { attachedPolicyArns: [ops.arn] });
const b = role("b", { attachedPolicyArns: [ops.arn] });
const x = role("x", {
  ...ownPolicy([{ Effect: "Allow", Action: "ec2:*", Resource: "*" }]),
});
const call = (r: { arn: string; name: string }, eventName: string): ActivityItem =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(r.arn, r.name),
    requestParameters: { instancesSet: { items: [{ instanceId: "i-1" }] } },
  });
const atWork = [call(a, "StartInstances"), call(b, "StartInstances"), call(x, "StopInstances")];
// The broker's AssumeRole of x, naming no session policy.
const assumeX: ActivityItem = eventItem({
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRole",
  recipientAccountId: ACCOUNT,
  userIdentity: roleSession(a.arn, "a"),
  requestParameters: { roleArn: x.arn, roleSessionName: "oncall" },
});

function audit(items: ActivityItem[], logging: ReturnType<typeof selectors>): Promise<Report> {
  const trail: ActivitySource = {
    description: "trail",
    async *read() {
      yield items;
    },
  };
  return runAudit(
    {
      snapshot: {
        description: "fixture",
        load: async () => snapshotWith({ roles: [a, b, x], managedPolicies: { [ops.arn]: ops } }),
      },
      activity: [trail],
      logging: [logging],
    },
    { catalog, now: AUDIT_NOW, days: 90, version: "test", config: auditConfig({}) },
  );
}

test("a trail that cannot show AssumeRole cannot show a policy unused as a session policy: no new version of it", async () => {
  const report = await audit(atWork, writeOnly);
  const plan = report.plans.find((p) => p.target.arn === ops.arn);
  assert.equal(
    plan,
    undefined,
    `a new default version of ops would narrow x's sessions: ${JSON.stringify(plan?.create[0]?.document)}`,
  );
  const refused = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.policyArn === ops.arn,
  );
  assert.match(refused?.detail ?? "", /cannot show whether the policy is used as a session policy/);
  const violations = (refused?.evidence as { violations?: string[] } | undefined)?.violations ?? [];
  assert.ok(
    violations.some((v) => v.startsWith("sts:AssumeRole:")),
    JSON.stringify(violations),
  );
});

test("a trail recording AssumeRole, with no session naming the policy, still gets the policy's new version", async () => {
  const report = await audit([...atWork, assumeX], everything);
  const plan = report.plans.find((p) => p.target.arn === ops.arn);
  assert.deepEqual(plan?.checks, { withinCurrent: true, coversObserved: true }, JSON.stringify(report.plans));
  const document = JSON.stringify(plan!.create[0]!.document);
  assert.match(document, /ec2:StartInstances/);
  assert.doesNotMatch(document, /StopInstances/);
});
