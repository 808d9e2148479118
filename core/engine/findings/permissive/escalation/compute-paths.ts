import { create, lookUp, passTo, runningAs } from "./requirements.js";
import type { EscalationPath } from "./types.js";

/**
 * Escalation through compute that runs as a role: EC2 instances (instance profiles, user data,
 * EC2 Instance Connect, SSM), ECS tasks (AWS Batch jobs among them) and Lambda functions. From
 * Rhino Security Labs' list and DataDog's pathfinding.cloud catalog (Apache-2.0; same ids), restated
 * as our own data, plus `whittle-…` variants for the same services.
 */
export const COMPUTE_PATHS: readonly EscalationPath[] = [
  {
    id: "ec2-001",
    name: "EC2 instance with a privileged instance profile",
    rhino: 3,
    requires: [passTo("ec2", true), create("ec2:RunInstances")],
  },
  {
    id: "whittle-ec2-new-instance-profile",
    name: "EC2 instance with a new instance profile for a privileged role",
    // Adding the role to the profile needs iam:PassRole on it too (AddRoleToInstanceProfile's API reference).
    requires: [
      passTo("ec2"),
      create("iam:CreateInstanceProfile"),
      create("iam:AddRoleToInstanceProfile"),
      create("ec2:RunInstances"),
    ],
  },
  {
    id: "whittle-autoscaling-launch-configuration",
    name: "Auto Scaling group launching instances with a privileged instance profile",
    // A launch configuration or template naming an instance profile needs iam:PassRole on its role.
    requires: [
      passTo("ec2", true),
      create("autoscaling:CreateLaunchConfiguration"),
      create("autoscaling:CreateAutoScalingGroup"),
    ],
  },
  {
    id: "whittle-autoscaling-update-launch-configuration",
    name: "existing Auto Scaling group moved to a launch configuration with a privileged instance profile",
    // UpdateAutoScalingGroup names the new launch configuration and the capacity that launches from it.
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html
    requires: [
      passTo("ec2", true),
      create("autoscaling:CreateLaunchConfiguration"),
      create("autoscaling:UpdateAutoScalingGroup"),
    ],
  },
  {
    id: "whittle-autoscaling-launch-template",
    name: "Auto Scaling group from a launch template with a privileged instance profile",
    // A group given a launch template needs the caller's ec2:RunInstances as well as iam:PassRole.
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-api-permissions.html
    requires: [
      passTo("ec2", true),
      create("ec2:CreateLaunchTemplate"),
      create("autoscaling:CreateAutoScalingGroup"),
      create("ec2:RunInstances"),
    ],
  },
  {
    id: "ec2-002",
    name: "user data of an existing instance",
    requires: [
      runningAs("ec2:ModifyInstanceAttribute", "ec2", true),
      create("ec2:StopInstances"),
      create("ec2:StartInstances"),
    ],
  },
  {
    id: "ec2-003",
    name: "spot instance with a privileged instance profile",
    requires: [passTo("ec2", true), create("ec2:RequestSpotInstances")],
  },
  {
    id: "ec2-004",
    name: "new launch template version",
    requires: [runningAs("ec2:CreateLaunchTemplateVersion", "ec2", true), create("ec2:ModifyLaunchTemplate")],
  },
  {
    id: "whittle-ec2-associate-profile",
    name: "privileged instance profile on an own instance",
    requires: [passTo("ec2", true), create("ec2:AssociateIamInstanceProfile")],
  },
  {
    id: "whittle-ec2-replace-profile",
    name: "privileged instance profile in place of an own instance's",
    // Replacing the profile passes the new one's role, as associating one does.
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/permission-to-pass-iam-roles.html
    requires: [passTo("ec2", true), create("ec2:ReplaceIamInstanceProfileAssociation")],
  },
  {
    id: "ec2instanceconnect-003",
    name: "SSH key pushed to an instance with a role",
    requires: [
      runningAs("ec2-instance-connect:SendSSHPublicKey", "ec2", true),
      lookUp("ec2:DescribeInstances"),
    ],
  },
  {
    id: "whittle-ec2-serial-console",
    name: "serial console key pushed to an instance with a role",
    requires: [runningAs("ec2-instance-connect:SendSerialConsoleSSHPublicKey", "ec2", true)],
  },
  {
    id: "ecs-001",
    name: "ECS cluster and service with a passed task role",
    requires: [
      passTo("ecs-tasks"),
      create("ecs:CreateCluster"),
      create("ecs:RegisterTaskDefinition"),
      create("ecs:CreateService"),
    ],
  },
  {
    id: "ecs-002",
    name: "ECS cluster and task with a passed task role",
    requires: [
      passTo("ecs-tasks"),
      create("ecs:CreateCluster"),
      create("ecs:RegisterTaskDefinition"),
      create("ecs:RunTask"),
    ],
  },
  {
    id: "ecs-003",
    name: "ECS service with a passed task role",
    requires: [passTo("ecs-tasks"), create("ecs:RegisterTaskDefinition"), create("ecs:CreateService")],
  },
  {
    id: "whittle-ecs-update-service",
    name: "existing ECS service deploying a new task definition with a passed task role",
    // UpdateService's taskDefinition starts a deployment of the new revision in the service.
    requires: [passTo("ecs-tasks"), create("ecs:RegisterTaskDefinition"), create("ecs:UpdateService")],
  },
  {
    id: "ecs-004",
    name: "ECS task with a passed task role (RunTask)",
    requires: [passTo("ecs-tasks"), create("ecs:RegisterTaskDefinition"), create("ecs:RunTask")],
  },
  {
    id: "ecs-005",
    name: "ECS task with a passed task role (StartTask)",
    requires: [passTo("ecs-tasks"), create("ecs:RegisterTaskDefinition"), create("ecs:StartTask")],
  },
  {
    id: "ecs-008",
    name: "existing ECS task definition run with a passed task role and a new command",
    // RunTask's overrides replace the task role (taskRoleArn, passed) and each container's command.
    requires: [passTo("ecs-tasks"), create("ecs:RunTask")],
  },
  {
    id: "ecs-009",
    name: "existing ECS task definition started with a passed task role and a new command",
    requires: [passTo("ecs-tasks"), create("ecs:StartTask")],
  },
  {
    id: "ecs-006",
    name: "shell in a running ECS task",
    requires: [runningAs("ecs:ExecuteCommand", "ecs-tasks"), lookUp("ecs:DescribeTasks")],
  },
  {
    id: "whittle-batch-job-role",
    name: "AWS Batch job definition with a passed job role, submitted",
    // The job's containers run as its job role, which trusts ECS tasks; registering passes it.
    requires: [passTo("ecs-tasks"), create("batch:RegisterJobDefinition"), create("batch:SubmitJob")],
  },
  {
    id: "batch-002",
    name: "job of an existing AWS Batch job definition with a command override",
    // containerOverrides.command replaces the command; the job keeps the definition's job role.
    requires: [runningAs("batch:SubmitJob", "ecs-tasks")],
  },
  {
    id: "lambda-001",
    name: "Lambda function with a passed role, invoked",
    rhino: 15,
    requires: [passTo("lambda"), create("lambda:CreateFunction"), create("lambda:InvokeFunction")],
  },
  {
    id: "lambda-002",
    name: "Lambda function with a passed role, triggered by an event source",
    rhino: 16,
    requires: [passTo("lambda"), create("lambda:CreateFunction"), create("lambda:CreateEventSourceMapping")],
  },
  {
    id: "lambda-003",
    name: "new code for a function that runs with a role",
    rhino: 17,
    requires: [runningAs("lambda:UpdateFunctionCode", "lambda")],
  },
  {
    id: "lambda-004",
    name: "new code for a function, invoked",
    requires: [runningAs("lambda:UpdateFunctionCode", "lambda"), create("lambda:InvokeFunction")],
  },
  {
    id: "lambda-005",
    name: "new code for a function, opened to invocation",
    requires: [runningAs("lambda:UpdateFunctionCode", "lambda"), create("lambda:AddPermission")],
  },
  {
    id: "lambda-006",
    name: "Lambda function with a passed role, opened to invocation",
    requires: [passTo("lambda"), create("lambda:CreateFunction"), create("lambda:AddPermission")],
  },
  {
    id: "whittle-lambda-layer",
    name: "a layer or handler change on a function that runs with a role",
    requires: [runningAs("lambda:UpdateFunctionConfiguration", "lambda")],
  },
  {
    id: "ssm-001",
    name: "session on an instance with a role",
    requires: [runningAs("ssm:StartSession", "ec2", true)],
  },
  {
    id: "ssm-002",
    name: "command run on an instance with a role",
    requires: [runningAs("ssm:SendCommand", "ec2", true)],
  },
  {
    id: "whittle-ssm-association",
    name: "State Manager association running a command on an instance with a role",
    // SSM Agent on each node an association targets runs its document (AWS-RunShellScript), as for SendCommand.
    requires: [runningAs("ssm:CreateAssociation", "ec2", true)],
  },
  {
    id: "whittle-ssm-association-batch",
    name: "State Manager associations, created in a batch, running a command on an instance with a role",
    requires: [runningAs("ssm:CreateAssociationBatch", "ec2", true)],
  },
  {
    id: "whittle-ssm-update-association",
    name: "existing State Manager association rewritten to run a command on an instance with a role",
    // An update names the document, its parameters and the targets, and runs at once; it needs
    // ssm:DescribeAssociation too.
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateAssociation.html
    requires: [runningAs("ssm:UpdateAssociation", "ec2", true), lookUp("ssm:DescribeAssociation")],
  },
  {
    id: "whittle-ssm-automation",
    name: "SSM automation with a passed role",
    requires: [passTo("ssm"), create("ssm:StartAutomationExecution")],
  },
];
