import assert from "node:assert/strict";
import { test } from "node:test";
import { holderDecision } from "../../helpers/holder-decision.js";
import { documentsAfterOneCall } from "../../helpers/one-call-documents.js";
import { ACCOUNT } from "../../helpers/snapshot-fixture.js";

const documentsAfter = (
  statements: unknown[],
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
) => documentsAfterOneCall(statements, { eventSource, eventName, requestParameters });

// An interface endpoint with private DNS has EC2 associate a private hosted zone with the VPC: the
// Service Authorization Reference lists route53:AssociateVPCWithHostedZone among the dependent
// actions of ec2:CreateVpcEndpoint
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html). The
// trail records the EC2 call alone.
const ENDPOINT = {
  CreateVpcEndpointRequest: {
    VpcId: "vpc-0a1b2c3d",
    ServiceName: "com.amazonaws.us-east-1.ssm",
    VpcEndpointType: "Interface",
    PrivateDnsEnabled: true,
    SubnetId: { content: "subnet-0a1b2c3d", tag: 1 },
  },
};
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

test("a deploy creating an interface endpoint keeps the zone association its next endpoint needs", async () => {
  const documents = await documentsAfter(
    [
      {
        Effect: "Allow",
        Action: ["ec2:CreateVpcEndpoint", "route53:AssociateVPCWithHostedZone"],
        Resource: "*",
      },
    ],
    "ec2.amazonaws.com",
    "CreateVpcEndpoint",
    ENDPOINT,
  );
  assert.equal(
    holderDecision(documents, { action: "route53:AssociateVPCWithHostedZone", resource: ZONE }),
    "Allow",
    `the next endpoint with private DNS is refused: ${JSON.stringify(documents)}`,
  );
});

test("a documented dependent is kept only where today's policies grant it", async () => {
  const other = "arn:aws:route53:::hostedzone/Z9999999999ABCDEFGHIJ";
  const documents = await documentsAfter(
    [
      { Effect: "Allow", Action: "ec2:CreateVpcEndpoint", Resource: "*" },
      { Effect: "Allow", Action: "route53:AssociateVPCWithHostedZone", Resource: ZONE },
    ],
    "ec2.amazonaws.com",
    "CreateVpcEndpoint",
    ENDPOINT,
  );
  assert.equal(
    holderDecision(documents, { action: "route53:AssociateVPCWithHostedZone", resource: ZONE }),
    "Allow",
  );
  assert.notEqual(
    holderDecision(documents, { action: "route53:AssociateVPCWithHostedZone", resource: other }),
    "Allow",
  );
  assert.notEqual(holderDecision(documents, { action: "ec2:DescribeVpcs", resource: "*" }), "Allow");
});

// "The user who switches over a blue/green deployment must have permissions to perform the following
// RDS operations: rds:SwitchoverBlueGreenDeployment, rds:ModifyDBInstance, rds:PromoteReadReplica"
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-authorizing-access.html),
// the Service Authorization Reference's dependent actions of rds:SwitchoverBlueGreenDeployment. The
// trail records the switchover alone.
test("a release switching over a blue/green deployment keeps the instance changes its next switchover makes", async () => {
  const instances = `arn:aws:rds:us-east-1:${ACCOUNT}:db:*`;
  const documents = await documentsAfter(
    [
      { Effect: "Allow", Action: "rds:SwitchoverBlueGreenDeployment", Resource: "*" },
      { Effect: "Allow", Action: ["rds:ModifyDBInstance", "rds:PromoteReadReplica"], Resource: instances },
    ],
    "rds.amazonaws.com",
    "SwitchoverBlueGreenDeployment",
    { blueGreenDeploymentIdentifier: "bgd-wi89nwzglccsfake" },
  );
  const green = `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders-green-abc123`;
  for (const action of ["rds:ModifyDBInstance", "rds:PromoteReadReplica"])
    assert.equal(
      holderDecision(documents, { action, resource: green }),
      "Allow",
      `the next switchover is refused ${action}: ${JSON.stringify(documents)}`,
    );
  const cluster = `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:orders`;
  assert.notEqual(holderDecision(documents, { action: "rds:ModifyDBCluster", resource: cluster }), "Allow");
});

// glue:CreateTableOptimizer is newer than the operations the trail read knows Glue records: kept as
// possibly called unrecorded. The Service Authorization Reference lists glue:GetTable among its
// dependent actions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html),
// which the trail would record when called on its own, and the window shows no such call.
test("an action kept as possibly called unrecorded keeps the dependents its calls need", async () => {
  const documents = await documentsAfter(
    [
      {
        Effect: "Allow",
        Action: ["glue:CreateTableOptimizer", "glue:GetTable", "glue:GetDatabases"],
        Resource: "*",
      },
    ],
    "glue.amazonaws.com",
    "GetDatabases",
    {},
  );
  const table = `arn:aws:glue:us-east-1:${ACCOUNT}:table/lake/events`;
  assert.equal(holderDecision(documents, { action: "glue:CreateTableOptimizer", resource: table }), "Allow");
  assert.equal(
    holderDecision(documents, { action: "glue:GetTable", resource: table }),
    "Allow",
    `the kept table optimizer is refused its table: ${JSON.stringify(documents)}`,
  );
});
