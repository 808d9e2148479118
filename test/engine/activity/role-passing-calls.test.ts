import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// With generate.unobservable "drop", iam:PassRole (never logged itself) is kept only where a call's
// parameters name the role it hands over. These calls hand one over and need iam:PassRole on it:
// EKS CreateNodegroup (nodeRole), SSM StartAutomationExecution (AutomationAssumeRole),
// CloudTrail CreateTrail (cloudWatchLogsRoleArn), and services' keys of their own (jobRoleArn,
// podExecutionRoleArn, iamRoleArn, Image Builder's executionRole, Amplify's computeRoleArn):
// https://docs.aws.amazon.com/batch/latest/userguide/ExamplePolicies_BATCH.html (a job definition's role),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
const R = `arn:aws:iam::${ACCOUNT}:role/svc`;
const svc = role("svc");
const cases = [
  ["eks", "CreateNodegroup", { clusterName: "c", nodegroupName: "n", nodeRole: R }, "eks:CreateNodegroup"],
  [
    "ssm",
    "StartAutomationExecution",
    { documentName: "d", parameters: { AutomationAssumeRole: [R] } },
    "ssm:StartAutomationExecution",
  ],
  [
    "cloudtrail",
    "CreateTrail",
    {
      name: "t",
      s3BucketName: "b",
      cloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:g:*",
      cloudWatchLogsRoleArn: R,
    },
    "cloudtrail:CreateTrail",
  ],
  [
    "batch",
    "RegisterJobDefinition",
    { jobDefinitionName: "j", type: "container", containerProperties: { image: "i", jobRoleArn: R } },
    "batch:RegisterJobDefinition",
  ],
  [
    "eks",
    "CreateFargateProfile",
    { clusterName: "c", fargateProfileName: "f", podExecutionRoleArn: R },
    "eks:CreateFargateProfile",
  ],
  [
    "backup",
    "StartBackupJob",
    { backupVaultName: "v", resourceArn: "arn:aws:dynamodb:us-east-1:111122223333:table/t", iamRoleArn: R },
    "backup:StartBackupJob",
  ],
  [
    "backup",
    "CreateBackupSelection",
    { backupPlanId: "p", backupSelection: { selectionName: "s", iamRoleArn: R, resources: ["*"] } },
    "backup:CreateBackupSelection",
  ],
  [
    "imagebuilder",
    "CreateImagePipeline",
    {
      name: "p",
      imageRecipeArn: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:image-recipe/r/1.0.0`,
      infrastructureConfigurationArn: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:infrastructure-configuration/i`,
      executionRole: R,
    },
    "imagebuilder:CreateImagePipeline",
  ],
  [
    "imagebuilder",
    "CreateImage",
    {
      imageRecipeArn: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:image-recipe/r/1.0.0`,
      infrastructureConfigurationArn: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:infrastructure-configuration/i`,
      executionRole: R,
    },
    "imagebuilder:CreateImage",
  ],
  [
    "imagebuilder",
    "CreateLifecyclePolicy",
    {
      name: "l",
      executionRole: "svc",
      resourceType: "AMI_IMAGE",
      policyDetails: [{ action: { type: "DELETE" }, filter: { type: "COUNT", value: 5 } }],
      resourceSelection: { tagMap: { env: "dev" } },
    },
    "imagebuilder:CreateLifecyclePolicy",
  ],
  ["amplify", "CreateApp", { name: "a", computeRoleArn: R }, "amplify:CreateApp"],
  ["amplify", "UpdateApp", { appId: "d1", computeRoleArn: R }, "amplify:UpdateApp"],
] as const;
for (const [service, eventName, requestParameters, action] of cases)
  test(`${eventName} keeps iam:PassRole on the role it hands over (unobservable: drop)`, async () => {
    const deployer = role("deployer", {
      ...ownPolicy([{ Effect: "Allow", Action: [action, "iam:PassRole"], Resource: "*" }]),
    });
    const report = await auditOf(
      snapshotWith({ roles: [deployer, svc] }),
      [
        eventItem({
          eventSource: `${service}.amazonaws.com`,
          eventName,
          recipientAccountId: ACCOUNT,
          userIdentity: roleSession(deployer.arn, "deployer"),
          requestParameters,
        }),
      ],
      { generate: { unobservable: "drop" } },
    );
    const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const text = JSON.stringify(rec!.policies.map((p) => p.document));
    assert.match(text, /iam:PassRole/, `the next ${eventName} is refused: ${text}`);
  });

test("StartScanJob keeps iam:PassRole on the scanner role beside the Backup role (unobservable: drop)", async () => {
  const scanner = role("scanner");
  const operator = role("operator", {
    ...ownPolicy([{ Effect: "Allow", Action: ["backup:StartScanJob", "iam:PassRole"], Resource: "*" }]),
  });
  const report = await auditOf(
    snapshotWith({ roles: [operator, svc, scanner] }),
    [
      eventItem({
        eventSource: "backup.amazonaws.com",
        eventName: "StartScanJob",
        recipientAccountId: ACCOUNT,
        userIdentity: roleSession(operator.arn, "operator"),
        requestParameters: {
          backupVaultName: "v",
          iamRoleArn: R,
          malwareScanner: "GUARDDUTY",
          recoveryPointArn: `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:rp`,
          scanMode: "FULL_SCAN",
          scannerRoleArn: scanner.arn,
        },
      }),
    ],
    { generate: { unobservable: "drop" } },
  );
  const rec = report.recommendations.find((r) => r.principalArn === operator.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const text = JSON.stringify(rec!.policies.map((p) => p.document));
  assert.ok(text.includes(scanner.arn), `the next StartScanJob is refused: ${text}`);
});
