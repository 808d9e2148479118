import type { RoleParameter } from "./pass-role.js";

/**
 * Keys one service's calls hand a role over in, under names that mean something else elsewhere
 * (`instanceRole`, `accessRoleArn`, `iamRoleArn`, `executionRole`...): each is read only in the
 * calls listed.
 */

const BACKUP = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html";
const BATCH_MANAGED = "https://docs.aws.amazon.com/batch/latest/userguide/batch_managed_policies.html";
const BATCH_COMPUTE = ["batch:CreateComputeEnvironment", "batch:UpdateComputeEnvironment"];
const APP_RUNNER =
  "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSAppRunnerFullAccess.html";
const APP_RUNNER_SERVICE = ["apprunner:CreateService", "apprunner:UpdateService"];
const SAGEMAKER =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html";
const AGENTCORE =
  "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html";

export const SERVICE_ROLE_PARAMETERS: readonly RoleParameter[] = [
  {
    key: "jobRoleArn",
    holds: "role",
    events: ["batch:RegisterJobDefinition"],
    why: "the role a Batch job's container runs as (containerProperties, or a node range's container)",
    source: "https://docs.aws.amazon.com/batch/latest/userguide/ExamplePolicies_BATCH.html",
  },
  {
    key: "instanceRole",
    holds: "instance-profile",
    events: BATCH_COMPUTE,
    why: "the ECS instance profile of a Batch compute environment's instances, by name or ARN",
    source: BATCH_MANAGED,
  },
  {
    key: "spotIamFleetRole",
    holds: "role",
    events: BATCH_COMPUTE,
    why: "the Spot Fleet role a Batch compute environment of Spot instances launches them with",
    source: BATCH_MANAGED,
  },
  {
    key: "podExecutionRoleArn",
    holds: "role",
    events: ["eks:CreateFargateProfile"],
    why: "the role EKS's components run a Fargate profile's pods with",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html",
  },
  {
    key: "iamRoleArn",
    holds: "role",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of each.
    events: [
      "backup:StartBackupJob",
      "backup:StartCopyJob",
      "backup:StartRestoreJob",
      "backup:StartScanJob",
      "backup:CreateBackupSelection",
      "backup:CreateRestoreTestingSelection",
      "backup:UpdateRestoreTestingSelection",
    ],
    why: "the role AWS Backup creates, copies or restores a recovery point with",
    source: BACKUP,
  },
  {
    key: "scannerRoleArn",
    holds: "role",
    // The only role a backup plan names is its scan settings' scanner role, and the Service
    // Authorization Reference lists iam:PassRole as a dependent action of all three.
    events: ["backup:StartScanJob", "backup:CreateBackupPlan", "backup:UpdateBackupPlan"],
    why: "the role GuardDuty scans a recovery point for malware with (a scan job's, or a plan's scan settings)",
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ScanSetting.html",
  },
  {
    key: "instanceRoleArn",
    holds: "role",
    events: APP_RUNNER_SERVICE,
    why: "the role an App Runner service's code calls AWS with (instanceConfiguration)",
    source: APP_RUNNER,
  },
  {
    key: "accessRoleArn",
    holds: "role",
    events: APP_RUNNER_SERVICE,
    why: "the role App Runner pulls a service's private ECR image with (authenticationConfiguration)",
    source: APP_RUNNER,
  },
  {
    key: "instanceProfileName",
    holds: "instance-profile",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of both.
    events: [
      "imagebuilder:CreateInfrastructureConfiguration",
      "imagebuilder:UpdateInfrastructureConfiguration",
    ],
    why: "the instance profile of the instances Image Builder builds and tests images on",
    source:
      "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2imagebuilder.html",
  },
  {
    key: "executionRole",
    holds: "role-or-name",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of each.
    events: [
      "imagebuilder:CreateImagePipeline",
      "imagebuilder:UpdateImagePipeline",
      "imagebuilder:CreateImage",
      "imagebuilder:ImportDiskImage",
      "imagebuilder:CreateLifecyclePolicy",
      "imagebuilder:UpdateLifecyclePolicy",
      "imagebuilder:DistributeImage",
    ],
    why: "the role Image Builder runs an image's workflows, distribution or a lifecycle policy's actions with, by name or ARN",
    source:
      "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2imagebuilder.html",
  },
  {
    key: "iamInstanceProfileArn",
    holds: "instance-profile",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of both.
    events: ["pcs:CreateComputeNodeGroup", "pcs:UpdateComputeNodeGroup"],
    why: "the instance profile of an AWS PCS compute node group's instances",
    source: "https://docs.aws.amazon.com/pcs/latest/userguide/security-min-permissions.html",
  },
  {
    key: "customIamInstanceProfile",
    holds: "instance-profile",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of each.
    events: [
      "rds:CreateDBInstance",
      "rds:CreateDBInstanceReadReplica",
      "rds:RestoreDBInstanceFromDBSnapshot",
      "rds:RestoreDBInstanceToPointInTime",
    ],
    why: "the instance profile of the EC2 instance under an RDS Custom DB instance, by name or ARN",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/custom-setup-orcl.html",
  },
  {
    key: "invokerRoleName",
    holds: "role-or-name",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of both.
    events: ["resiliencehub:CreateApp", "resiliencehub:UpdateApp"],
    why: "the role Resilience Hub assesses an application's resources with, by name",
    source: "https://docs.aws.amazon.com/resilience-hub/latest/APIReference/API_PermissionModel.html",
  },
  {
    key: "domainIAMRoleName",
    holds: "role-or-name",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of each; besides
    // the monitoring role, this is the only role these calls name.
    events: [
      "rds:CreateDBCluster",
      "rds:CreateDBInstance",
      "rds:CreateDBInstanceReadReplica",
      "rds:ModifyDBCluster",
      "rds:ModifyDBInstance",
      "rds:RestoreDBClusterFromS3",
      "rds:RestoreDBClusterFromSnapshot",
      "rds:RestoreDBClusterToPointInTime",
      "rds:RestoreDBInstanceFromDBSnapshot",
      "rds:RestoreDBInstanceToPointInTime",
    ],
    why: "the role RDS calls Directory Service with for a database joined to a domain, by name",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
  },
  {
    key: "computeRoleArn",
    holds: "role",
    events: ["amplify:CreateApp", "amplify:UpdateApp", "amplify:CreateBranch", "amplify:UpdateBranch"],
    why: "the role an SSR app's server-side code calls AWS with, an app's or a branch's",
    source: "https://docs.aws.amazon.com/amplify/latest/userguide/amplify-SSR-compute-role.html",
  },
  {
    key: "iamServiceRoleArn",
    holds: "role",
    events: ["amplify:CreateApp", "amplify:UpdateApp"],
    why: "the service role Amplify assumes to deploy an app's backend",
    source: "https://docs.aws.amazon.com/amplify/latest/userguide/amplify-service-role.html",
  },
  {
    key: "agentResourceRoleArn",
    holds: "role",
    events: ["bedrock:CreateAgent", "bedrock:UpdateAgent"],
    // AmazonBedrockFullAccess grants iam:PassRole on the roles it names for this, to Bedrock alone.
    why: "the service role a Bedrock agent invokes models and reads its knowledge bases with",
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/security-iam-awsmanpol.html",
  },
  {
    key: "memoryExecutionRoleArn",
    holds: "role",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of both.
    events: ["bedrock-agentcore:CreateMemory", "bedrock-agentcore:UpdateMemory"],
    why: "the role an AgentCore memory invokes models with to extract what it remembers",
    source: AGENTCORE,
  },
  {
    key: "executionRole",
    holds: "role",
    // The Service Authorization Reference lists iam:PassRole as a dependent action of the
    // creating calls; an update naming another role passes it the same way.
    events: [
      "sagemaker:CreateDomain",
      "sagemaker:UpdateDomain",
      "sagemaker:CreateUserProfile",
      "sagemaker:UpdateUserProfile",
      "sagemaker:CreateCluster",
      "sagemaker:UpdateCluster",
    ],
    why: "the role a Studio domain's or user's apps, or a HyperPod cluster's instance groups, run as",
    source: SAGEMAKER,
  },
];
