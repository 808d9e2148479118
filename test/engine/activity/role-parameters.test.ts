import assert from "node:assert/strict";
import { test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/app`;
const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/web`;
const roles = roleDirectory([{ name: "app", arn: ROLE, instanceProfiles: [{ name: "web", arn: PROFILE }] }]);
const authorize = createAuthorizer(catalog, roles);

function passRole(actionKey: string, requestParameters: Record<string, unknown>) {
  const [service, name] = actionKey.split(":") as [string, string];
  const result = authorize({
    eventSource: `${service}.amazonaws.com`,
    eventName: name,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, accountId: ACCOUNT },
    requestParameters,
  } as CloudTrailEvent);
  if (result.kind !== "authorizations") return `not authorizations: ${result.kind}`;
  return result.authorizations.find((a) => a.action.key === "iam:PassRole")?.resources;
}

// Each of these calls requires iam:PassRole on the role it names (AWS docs for each parameter).
const cases: [string, Record<string, unknown>][] = [
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (iam:PassRole for DeliverLogsPermissionArn)
  [
    "ec2:CreateFlowLogs",
    {
      CreateFlowLogsRequest: {
        ResourceId: { content: "vpc-1", tag: 1 },
        DeliverLogsPermissionArn: ROLE,
        LogGroupName: "g",
        TrafficType: "ALL",
      },
    },
  ],
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html (custom SLR needs iam:PassRole)
  [
    "autoscaling:CreateAutoScalingGroup",
    { autoScalingGroupName: "g", minSize: 1, maxSize: 1, serviceLinkedRoleARN: ROLE },
  ],
  // https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html (serviceAccessRoleArn)
  [
    "dms:CreateEndpoint",
    {
      endpointIdentifier: "e",
      endpointType: "target",
      engineName: "s3",
      s3Settings: { serviceAccessRoleArn: ROLE },
    },
  ],
  // https://docs.aws.amazon.com/sns/latest/dg/prereqs-kinesis-data-firehose.html (SubscriptionRoleArn, assumed by SNS)
  [
    "sns:Subscribe",
    {
      topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders`,
      protocol: "firehose",
      endpoint: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`,
      attributes: { SubscriptionRoleArn: ROLE },
    },
  ],
  [
    "sns:SetSubscriptionAttributes",
    {
      subscriptionArn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders:6f1e`,
      attributeName: "SubscriptionRoleArn",
      attributeValue: ROLE,
    },
  ],
  // https://docs.aws.amazon.com/batch/latest/userguide/ExamplePolicies_BATCH.html (a job definition's role)
  [
    "batch:RegisterJobDefinition",
    { jobDefinitionName: "j", type: "container", containerProperties: { image: "i", jobRoleArn: ROLE } },
  ],
  // https://docs.aws.amazon.com/batch/latest/userguide/batch_managed_policies.html (PassRole on the
  // instance role and the Spot Fleet role)
  [
    "batch:CreateComputeEnvironment",
    { computeEnvironmentName: "c", type: "MANAGED", computeResources: { type: "EC2", instanceRole: "web" } },
  ],
  [
    "batch:UpdateComputeEnvironment",
    { computeEnvironment: "c", computeResources: { type: "SPOT", spotIamFleetRole: ROLE } },
  ],
  // https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html
  ["eks:CreateFargateProfile", { clusterName: "c", fargateProfileName: "f", podExecutionRoleArn: ROLE }],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html (dependent iam:PassRole)
  [
    "backup:StartBackupJob",
    { backupVaultName: "v", resourceArn: "arn:aws:dynamodb:us-east-1:1:table/t", iamRoleArn: ROLE },
  ],
  [
    "backup:StartRestoreJob",
    { recoveryPointArn: "arn:aws:backup:us-east-1:1:recovery-point:p", iamRoleArn: ROLE },
  ],
  [
    "backup:CreateBackupSelection",
    { backupPlanId: "p", backupSelection: { selectionName: "s", iamRoleArn: ROLE, resources: ["*"] } },
  ],
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSAppRunnerFullAccess.html
  [
    "apprunner:CreateService",
    { serviceName: "s", sourceConfiguration: { authenticationConfiguration: { accessRoleArn: ROLE } } },
  ],
  ["apprunner:UpdateService", { serviceArn: "arn", instanceConfiguration: { instanceRoleArn: ROLE } }],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2imagebuilder.html
  ["imagebuilder:CreateInfrastructureConfiguration", { name: "i", instanceProfileName: "web" }],
  // https://docs.aws.amazon.com/amplify/latest/userguide/amplify-service-role.html
  ["amplify:CreateApp", { name: "a", iamServiceRoleArn: ROLE }],
  // https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam-awsmanpol.html (AmazonBedrockFullAccess)
  ["bedrock:CreateAgent", { agentName: "a", agentResourceRoleArn: ROLE, foundationModel: "m" }],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html
  ["bedrock-agentcore:CreateMemory", { name: "m", eventExpiryDuration: 30, memoryExecutionRoleArn: ROLE }],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html
  [
    "sagemaker:CreateDomain",
    {
      domainName: "d",
      authMode: "IAM",
      defaultUserSettings: { executionRole: ROLE },
      subnetIds: [],
      vpcId: "v",
    },
  ],
  [
    "sagemaker:UpdateCluster",
    { clusterName: "c", instanceGroups: [{ instanceGroupName: "g", executionRole: ROLE }] },
  ],
  // Calls the Service Authorization Reference lists iam:PassRole for, under names no table keeps:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html
  [
    "rds:StartExportTask",
    { exportTaskIdentifier: "e", sourceArn: "arn", s3BucketName: "b", iamRoleArn: ROLE },
  ],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awstransferfamily.html
  ["transfer:UpdateServer", { serverId: "s-1", loggingRole: ROLE }],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html (a static value)
  [
    "config:PutRemediationConfigurations",
    {
      remediationConfigurations: [
        { configRuleName: "r", parameters: { AutomationAssumeRole: { staticValue: { values: [ROLE] } } } },
      ],
    },
  ],
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsdatabasemigrationservice.html
  ["dms:ModifyEndpoint", { endpointArn: "arn", mySQLSettings: { secretsManagerAccessRoleArn: ROLE } }],
];
for (const [call, params] of cases)
  test(`${call} passes the role it names`, () => assert.deepEqual(passRole(call, params), [ROLE]));

// These keys name a role only in the calls they are listed for; elsewhere they may mean anything.
test("a service's own role keys pass no role in another service's call", () => {
  for (const key of [
    "jobRoleArn",
    "instanceRole",
    "iamRoleArn",
    "accessRoleArn",
    "instanceRoleArn",
    "iamServiceRoleArn",
    "agentResourceRoleArn",
    "memoryExecutionRoleArn",
    "executionRole",
  ])
    assert.equal(
      passRole("codepipeline:CreatePipeline", { pipeline: { name: "p" }, [key]: ROLE }),
      undefined,
      key,
    );
});

test("a key naming a role passes none in a call AWS does not list iam:PassRole for", () => {
  assert.equal(
    passRole("codepipeline:CreatePipeline", { pipeline: { name: "p" }, loggingRole: ROLE }),
    undefined,
  );
  // Nor a value that is no role ARN, in a call that does pass one.
  assert.equal(passRole("transfer:UpdateServer", { serverId: "s-1", loggingRole: "logs" }), undefined);
});
