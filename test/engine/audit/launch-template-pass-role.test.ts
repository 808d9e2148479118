import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A launch from a launch template: its record names the template only ({launchTemplateId,
// version}), not the IamInstanceProfile the template may carry, whose role the launch passes
// (iam:PassRole), as a RunInstances naming the profile directly does.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html#permission-to-pass-iam-roles
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permissions-for-launch-templates.html ("you must grant
// anyone that will use a launch template the permissions required to create and access the
// resources that are specified in the launch template")
const TEMPLATE = { launchTemplateId: "lt-0123456789abcdef0", version: "3" };
const launches = [
  {
    source: "ec2",
    call: "RunInstances",
    actions: ["ec2:RunInstances"],
    params: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, launchTemplate: TEMPLATE },
  },
  {
    source: "autoscaling",
    call: "CreateAutoScalingGroup",
    actions: ["autoscaling:CreateAutoScalingGroup", "ec2:RunInstances", "iam:CreateServiceLinkedRole"],
    params: { autoScalingGroupName: "web", minSize: 1, maxSize: 2, launchTemplate: TEMPLATE },
  },
  {
    source: "ec2",
    call: "RequestSpotFleet",
    actions: ["ec2:RequestSpotFleet"],
    params: {
      spotFleetRequestConfig: {
        targetCapacity: 1,
        launchTemplateConfigs: [{ launchTemplateSpecification: TEMPLATE }],
      },
    },
  },
];
for (const { source, call, actions, params } of launches)
  test(`a ${call} from a launch template keeps iam:PassRole as granted today (unobservable: drop)`, async () => {
    const deployer = role("deployer", {
      ...ownPolicy([{ Effect: "Allow", Action: [...actions, "iam:PassRole"], Resource: "*" }]),
    });
    const report = await auditOf(
      snapshotWith({ roles: [deployer] }),
      [
        eventItem({
          eventSource: `${source}.amazonaws.com`,
          eventName: call,
          recipientAccountId: ACCOUNT,
          userIdentity: roleSession(deployer.arn, "deployer"),
          requestParameters: params,
        }),
      ],
      { generate: { unobservable: "drop" } },
    );
    const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const text = JSON.stringify(rec!.policies.map((p) => p.document));
    assert.match(text, /iam:PassRole/, `the next launch from the template is refused iam:PassRole: ${text}`);
  });
