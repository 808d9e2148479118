import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// With generate.unobservable "drop", iam:PassRole (never logged itself) is kept only where a call's
// parameters name the role it hands over. These calls hand one over and need iam:PassRole on it:
// EKS CreateNodegroup (nodeRole), SSM StartAutomationExecution (AutomationAssumeRole),
// CloudTrail CreateTrail (cloudWatchLogsRoleArn), and services' keys of their own (jobRoleArn,
// podExecutionRoleArn, iamRoleArn):
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
