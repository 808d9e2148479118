import assert from "node:assert/strict";
import { test } from "node:test";
import { holderDecision } from "../../helpers/holder-decision.js";
import { documentsAfterOneCall } from "../../helpers/one-call-documents.js";
import { ACCOUNT } from "../../helpers/snapshot-fixture.js";

// A launch template whose image is a Systems Manager parameter (ImageId resolve:ssm:NAME, as the
// CDK's resolveSsmParameterAtLaunch writes it): "To specify a parameter from the Parameter Store in
// a launch template, you must have the ssm:GetParameters permission for the specified parameter"
// (https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html), and
// the Service Authorization Reference lists ssm:GetParameters among the dependent actions of
// ec2:CreateLaunchTemplate and ec2:CreateLaunchTemplateVersion. The trail records the EC2 call alone.
const PARAMETER = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/golden/ami`;

const STATEMENTS = [
  {
    Effect: "Allow",
    Action: ["ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion"],
    Resource: "*",
  },
  { Effect: "Allow", Action: "ssm:GetParameters", Resource: PARAMETER },
];

const documentsAfter = (eventName: string, requestParameters: Record<string, unknown>) =>
  documentsAfterOneCall(STATEMENTS, { eventSource: "ec2.amazonaws.com", eventName, requestParameters });

const DATA = { ImageId: "resolve:ssm:/golden/ami", InstanceType: "t3.micro" };

for (const [eventName, parameters] of [
  [
    "CreateLaunchTemplate",
    { CreateLaunchTemplateRequest: { LaunchTemplateName: "web", LaunchTemplateData: DATA } },
  ],
  [
    "CreateLaunchTemplateVersion",
    {
      CreateLaunchTemplateVersionRequest: {
        LaunchTemplateId: "lt-0abcd1234ef567890",
        LaunchTemplateData: DATA,
      },
    },
  ],
] as const) {
  test(`a deploy seen making ${eventName} with an image parameter keeps the parameter's read`, async () => {
    const documents = await documentsAfter(eventName, parameters);
    assert.equal(
      holderDecision(documents, { action: "ssm:GetParameters", resource: PARAMETER }),
      "Allow",
      `the next ${eventName} naming the parameter is refused: ${JSON.stringify(documents)}`,
    );
  });
}

test("a launch template with a plain image id needs no parameter read", async () => {
  const documents = await documentsAfter("CreateLaunchTemplateVersion", {
    CreateLaunchTemplateVersionRequest: {
      LaunchTemplateId: "lt-0abcd1234ef567890",
      LaunchTemplateData: { ImageId: "ami-0123456789abcdef0" },
    },
  });
  assert.notEqual(holderDecision(documents, { action: "ssm:GetParameters", resource: PARAMETER }), "Allow");
});
