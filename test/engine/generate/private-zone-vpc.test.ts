import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A private hosted zone's VPC is described inside the Route 53 call that ties it to the zone: the
// Service Authorization Reference lists ec2:DescribeVpcs among the dependent actions of
// route53:CreateHostedZone, AssociateVPCWithHostedZone, DisassociateVPCFromHostedZone and
// ListHostedZonesByVPC
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html).
// The trail records the Route 53 call alone.
async function documentsAfter(eventName: string, requestParameters: Record<string, unknown>) {
  const dns = role("dns", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "route53:CreateHostedZone",
          "route53:AssociateVPCWithHostedZone",
          "route53:DisassociateVPCFromHostedZone",
          "route53:ListHostedZonesByVPC",
          "ec2:DescribeVpcs",
        ],
        Resource: "*",
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [dns] }), [
    eventItem({
      eventSource: "route53.amazonaws.com",
      eventName,
      userIdentity: roleSession(dns.arn, "dns"),
      requestParameters,
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === dns.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

const VPC = { vPCRegion: "us-east-1", vPCId: "vpc-0a1b2c3d" };

test("a deploy creating a private hosted zone keeps the VPC description its next zone needs", async () => {
  const documents = await documentsAfter("CreateHostedZone", {
    name: "env-a.internal",
    callerReference: "env-a-2026-05-20",
    hostedZoneConfig: { privateZone: true },
    vPC: VPC,
  });
  assert.equal(
    holderDecision(documents, { action: "ec2:DescribeVpcs", resource: "*" }),
    "Allow",
    `the next private zone is refused: ${JSON.stringify(documents)}`,
  );
});

test("each call tying a VPC to a zone keeps the VPC description", async () => {
  for (const [eventName, parameters] of [
    ["AssociateVPCWithHostedZone", { hostedZoneId: "Z0123456789ABCDEFGHIJ", vPC: VPC }],
    ["DisassociateVPCFromHostedZone", { hostedZoneId: "Z0123456789ABCDEFGHIJ", vPC: VPC }],
    ["ListHostedZonesByVPC", { vpcId: VPC.vPCId, vpcRegion: VPC.vPCRegion }],
  ] as const) {
    const documents = await documentsAfter(eventName, parameters);
    assert.equal(
      holderDecision(documents, { action: "ec2:DescribeVpcs", resource: "*" }),
      "Allow",
      `the next ${eventName} is refused: ${JSON.stringify(documents)}`,
    );
  }
});
