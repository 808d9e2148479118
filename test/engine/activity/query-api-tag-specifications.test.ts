import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// EC2's newer (Query-API) calls are recorded as `<Call>Request: {..., TagSpecification: {ResourceType, Tag}}`
// (e.g. a real CreateTransitGateway record: "CreateTransitGatewayRequest": {"TagSpecification":
// {"ResourceType": "transit-gateway", "tag": 1, "Tag": {"Value": "my-tgw", "tag": 1, "Key": "Name"}}}),
// not as `tagSpecificationSet`. Tags on creation are authorized as ec2:CreateTags.
const deployer = role("deployer", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["ec2:CreateLaunchTemplate", "ec2:CreateFleet", "ec2:CreateTags"],
      Resource: "*",
    },
  ]),
});
const call = (eventName: string, requestParameters: Record<string, unknown>): ActivityItem =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(deployer.arn, "deployer"),
    requestParameters,
  });
const tag = (ResourceType: string) => ({ ResourceType, tag: 1, Tag: { Key: "team", Value: "web", tag: 1 } });

for (const [eventName, params] of [
  [
    "CreateLaunchTemplate",
    {
      CreateLaunchTemplateRequest: {
        LaunchTemplateName: "web",
        LaunchTemplateData: { InstanceType: "t3.micro" },
        TagSpecification: tag("launch-template"),
      },
    },
  ],
  ["CreateFleet", { CreateFleetRequest: { Type: "instant", TagSpecification: tag("fleet") } }],
] as const) {
  test(`a role seen making a tagged ${eventName} keeps ec2:CreateTags`, async () => {
    const report = await auditOf(snapshotWith({ roles: [deployer] }), [call(eventName, params)]);
    const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const allowed = rec!.policies.flatMap((p) => p.document.Statement).flatMap((s) => s.Action ?? []);
    const unused = report.findings
      .filter((f) => f.principalArn === deployer.arn && f.kind === "unused-action")
      .flatMap((f) => f.actions ?? []);
    assert.ok(
      !unused.includes("ec2:CreateTags"),
      `ec2:CreateTags is called unused after a tagged ${eventName}`,
    );
    assert.ok(
      allowed.includes("ec2:CreateTags"),
      `the next tagged ${eventName} is refused: kept ${JSON.stringify(allowed)}, removed ${JSON.stringify(rec?.removedActions)}, unused-action ${JSON.stringify(unused)}, summary: ${rec?.summary}`,
    );
  });
}
