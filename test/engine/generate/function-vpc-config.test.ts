import assert from "node:assert/strict";
import { test } from "node:test";
import { holderDecision } from "../../helpers/holder-decision.js";
import { documentsAfterOneCall } from "../../helpers/one-call-documents.js";
import { ACCOUNT } from "../../helpers/snapshot-fixture.js";

// "To configure a function to connect to a VPC, you need the following permissions. User
// Permissions: ec2:DescribeSecurityGroups, ec2:DescribeSubnets, ec2:DescribeVpcs"
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html). The trail records the
// Lambda call alone: a deploy that sends the function's VPC configuration each run never describes
// the VPC itself.
const DESCRIBES = ["ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs"];
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;

const STATEMENTS = [
  {
    Effect: "Allow",
    Action: ["lambda:UpdateFunctionConfiguration", ...DESCRIBES],
    Resource: "*",
  },
];

const documentsAfter = (eventName: string, requestParameters: Record<string, unknown>) =>
  documentsAfterOneCall(STATEMENTS, { eventSource: "lambda.amazonaws.com", eventName, requestParameters });

test("a deploy seen giving a function its VPC keeps the VPC descriptions its next update needs", async () => {
  const documents = await documentsAfter("UpdateFunctionConfiguration20150331v2", {
    functionName: FUNCTION,
    vpcConfig: { subnetIds: ["subnet-0a1b2c3d"], securityGroupIds: ["sg-0a1b2c3d"] },
  });
  for (const action of DESCRIBES)
    assert.equal(
      holderDecision(documents, { action, resource: "*" }),
      "Allow",
      `the next update of the function's VPC is refused without ${action}: ${JSON.stringify(documents)}`,
    );
});

test("a function taken out of its VPC needs no description", async () => {
  const documents = await documentsAfter("UpdateFunctionConfiguration20150331v2", {
    functionName: FUNCTION,
    vpcConfig: { subnetIds: [], securityGroupIds: [] },
  });
  for (const action of DESCRIBES)
    assert.notEqual(holderDecision(documents, { action, resource: "*" }), "Allow");
});
