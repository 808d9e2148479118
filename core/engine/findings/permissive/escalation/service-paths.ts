import { create, passAny, passOnTo, passTo, runningAs } from "./requirements.js";
import type { EscalationPath } from "./types.js";

/**
 * Escalation through a service that runs code as a role: pass a privileged role to a new resource
 * (Rhino methods 3 and 15-21), or take over an existing resource already running with one. From
 * Rhino Security Labs' list and DataDog's pathfinding.cloud catalog (Apache-2.0; same ids), restated
 * as our own data, plus `whittle-…` paths AWS documents for these and other services that run code
 * as a role (Step Functions, Scheduler, EMR, Managed Service for Apache Flink, AgentCore, SageMaker Studio)
 * or hand out its credentials (IAM Roles Anywhere).
 */
export const SERVICE_PATHS: readonly EscalationPath[] = [
  {
    id: "apprunner-001",
    name: "App Runner service with a passed role",
    requires: [passTo("tasks.apprunner"), create("apprunner:CreateService")],
  },
  {
    id: "apprunner-002",
    name: "update an App Runner service",
    requires: [runningAs("apprunner:UpdateService", "tasks.apprunner")],
  },
  {
    id: "bedrock-001",
    name: "Bedrock AgentCore code interpreter with a passed role",
    requires: [
      passTo("bedrock-agentcore"),
      create("bedrock-agentcore:CreateCodeInterpreter"),
      create("bedrock-agentcore:StartCodeInterpreterSession"),
      create("bedrock-agentcore:InvokeCodeInterpreter"),
    ],
  },
  {
    id: "bedrock-002",
    name: "session on an existing Bedrock AgentCore code interpreter",
    requires: [
      runningAs("bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore"),
      create("bedrock-agentcore:InvokeCodeInterpreter"),
    ],
  },
  {
    id: "whittle-agentcore-runtime",
    name: "Bedrock AgentCore Runtime with a passed role, invoked",
    // The runtime runs the caller's agent artifact (an image or a code package) as its execution role.
    // https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-permissions.html
    requires: [
      passTo("bedrock-agentcore"),
      create("bedrock-agentcore:CreateAgentRuntime"),
      create("bedrock-agentcore:InvokeAgentRuntime"),
    ],
  },
  {
    id: "whittle-states-sdk-integration",
    name: "Step Functions state machine with a passed role, started",
    // Its AWS SDK integrations call any API as the role (arn:aws:states:::aws-sdk:iam:...).
    requires: [passTo("states"), create("states:CreateStateMachine"), create("states:StartExecution")],
  },
  {
    id: "whittle-states-update-definition",
    name: "new definition for a state machine that runs with a role, started",
    // A definition alone keeps the machine's role, so no role is passed.
    requires: [runningAs("states:UpdateStateMachine", "states"), create("states:StartExecution")],
  },
  {
    id: "whittle-scheduler-universal-target",
    name: "EventBridge Scheduler schedule with a passed role",
    // A universal target calls any API as the role.
    requires: [passTo("scheduler"), create("scheduler:CreateSchedule")],
  },
  {
    id: "whittle-scheduler-update-target",
    name: "existing EventBridge Scheduler schedule given a universal target and a passed role",
    // UpdateSchedule replaces the whole schedule, its target and the target's role among it.
    // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
    requires: [passTo("scheduler"), create("scheduler:UpdateSchedule")],
  },
  {
    id: "cloudformation-001",
    name: "CloudFormation stack with a passed role",
    rhino: 20,
    requires: [passTo("cloudformation"), create("cloudformation:CreateStack")],
  },
  {
    id: "cloudformation-002",
    name: "update a stack that runs with a role",
    requires: [runningAs("cloudformation:UpdateStack", "cloudformation")],
  },
  {
    id: "cloudformation-003",
    name: "StackSet with a passed role",
    requires: [
      passTo("cloudformation"),
      create("cloudformation:CreateStackSet"),
      create("cloudformation:CreateStackInstances"),
    ],
  },
  {
    id: "cloudformation-004",
    name: "update a StackSet with a passed role",
    requires: [passTo("cloudformation"), create("cloudformation:UpdateStackSet")],
  },
  {
    id: "cloudformation-005",
    name: "change set on a stack that runs with a role",
    requires: [
      runningAs("cloudformation:CreateChangeSet", "cloudformation"),
      create("cloudformation:ExecuteChangeSet"),
    ],
  },
  {
    id: "codebuild-001",
    name: "CodeBuild project with a passed role",
    requires: [passTo("codebuild"), create("codebuild:CreateProject"), create("codebuild:StartBuild")],
  },
  {
    id: "codebuild-002",
    name: "build of an existing project with a buildspec override",
    requires: [runningAs("codebuild:StartBuild", "codebuild")],
  },
  {
    id: "codebuild-003",
    name: "batch build of an existing project",
    requires: [runningAs("codebuild:StartBuildBatch", "codebuild")],
  },
  {
    id: "codebuild-004",
    name: "CodeBuild project with a passed role, batch build",
    requires: [passTo("codebuild"), create("codebuild:CreateProject"), create("codebuild:StartBuildBatch")],
  },
  {
    id: "datapipeline-001",
    name: "Data Pipeline with a passed role",
    rhino: 21,
    requires: [
      passTo("datapipeline"),
      create("datapipeline:CreatePipeline"),
      create("datapipeline:PutPipelineDefinition"),
      create("datapipeline:ActivatePipeline"),
    ],
  },
  {
    id: "whittle-emr-cluster-steps",
    name: "EMR cluster with a privileged instance profile, running steps",
    // The cluster's instances run as the EC2 instance profile role (JobFlowRole), and so do the
    // steps and bootstrap actions RunJobFlow names; both it and the EMR service role are passed.
    // https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-for-ec2.html
    // https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-roles-create-permissions.html
    requires: [passOnTo("ec2"), passAny("elasticmapreduce"), create("elasticmapreduce:RunJobFlow")],
  },
  {
    id: "whittle-emr-add-steps",
    name: "steps added to a running EMR cluster whose instances run with a role",
    // A step runs on the cluster's instances, as their instance profile role.
    requires: [runningAs("elasticmapreduce:AddJobFlowSteps", "ec2", true)],
  },
  {
    id: "whittle-emr-serverless-job",
    name: "EMR Serverless job run with a passed runtime role",
    // The job's own Spark or Hive code runs as the runtime role StartJobRun names, on any application
    // of the account (CreateApplication makes one).
    // https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html
    requires: [passTo("emr-serverless"), create("emr-serverless:StartJobRun")],
  },
  {
    id: "whittle-flink-application",
    name: "Managed Service for Apache Flink application with a passed role, started",
    // The application's own code uses its service execution role for every AWS call it makes.
    // https://docs.aws.amazon.com/managed-flink/latest/java/security_iam_service-with-iam.html
    requires: [
      passTo("kinesisanalytics"),
      create("kinesisanalytics:CreateApplication"),
      create("kinesisanalytics:StartApplication"),
    ],
  },
  {
    id: "whittle-datapipeline-resource-role",
    name: "Data Pipeline running its activities on an instance with a privileged resource role",
    // The EC2 resources a pipeline launches run as its resourceRole, an EC2 instance profile, and so
    // do the shell commands its activities name; the pipeline role is passed beside it.
    // https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/emrcluster-example-custom-iam-roles.html
    requires: [
      passOnTo("ec2"),
      passAny("datapipeline"),
      create("datapipeline:CreatePipeline"),
      create("datapipeline:PutPipelineDefinition"),
      create("datapipeline:ActivatePipeline"),
    ],
  },
  {
    id: "whittle-rolesanywhere-new-profile",
    name: "IAM Roles Anywhere trust anchor of the caller's CA and a profile with a passed role",
    // CreateSession, signed with a certificate the anchor's CA issued, returns credentials of a role
    // the profile lists (CreateProfile passes it); the caller's own CA certificate makes the anchor.
    // https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
    requires: [
      passTo("rolesanywhere"),
      create("rolesanywhere:CreateTrustAnchor"),
      create("rolesanywhere:CreateProfile"),
    ],
  },
  {
    id: "whittle-rolesanywhere-trust-anchor",
    name: "IAM Roles Anywhere trust anchor of the caller's CA, used with an existing profile",
    // A session names any trust anchor and any profile of the account: an existing profile listing
    // the role needs no role passed.
    requires: [runningAs("rolesanywhere:CreateTrustAnchor", "rolesanywhere")],
  },
  {
    id: "glue-001",
    name: "Glue development endpoint with a passed role",
    rhino: 18,
    requires: [passTo("glue"), create("glue:CreateDevEndpoint")],
  },
  {
    id: "glue-002",
    name: "SSH key on an existing Glue development endpoint",
    rhino: 19,
    requires: [runningAs("glue:UpdateDevEndpoint", "glue")],
  },
  {
    id: "glue-003",
    name: "Glue job with a passed role",
    requires: [passTo("glue"), create("glue:CreateJob"), create("glue:StartJobRun")],
  },
  {
    id: "glue-004",
    name: "Glue job with a passed role, triggered",
    requires: [passTo("glue"), create("glue:CreateJob"), create("glue:CreateTrigger")],
  },
  {
    id: "glue-005",
    name: "Glue job updated with a passed role",
    requires: [passTo("glue"), create("glue:UpdateJob"), create("glue:StartJobRun")],
  },
  {
    id: "glue-006",
    name: "Glue job updated with a passed role, triggered",
    requires: [passTo("glue"), create("glue:UpdateJob"), create("glue:CreateTrigger")],
  },
  {
    id: "whittle-glue-run-script-override",
    name: "run of an existing Glue job with a script of the caller's",
    // A run's --scriptLocation argument replaces the job's script; the run keeps the job's role.
    // https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
    requires: [runningAs("glue:StartJobRun", "glue")],
  },
  {
    id: "whittle-glue-interactive-session",
    name: "Glue interactive session with a passed role, running code",
    // A session runs the statements sent to it as its role (CreateSession passes the role).
    requires: [passTo("glue"), create("glue:CreateSession"), create("glue:RunStatement")],
  },
  {
    id: "sagemaker-001",
    name: "SageMaker notebook with a passed role",
    requires: [passTo("sagemaker"), create("sagemaker:CreateNotebookInstance")],
  },
  {
    id: "sagemaker-002",
    name: "SageMaker training job with a passed role",
    requires: [passTo("sagemaker"), create("sagemaker:CreateTrainingJob")],
  },
  {
    id: "sagemaker-003",
    name: "SageMaker processing job with a passed role",
    requires: [passTo("sagemaker"), create("sagemaker:CreateProcessingJob")],
  },
  {
    id: "whittle-sagemaker-tuning-job",
    name: "SageMaker hyperparameter tuning job with a passed role",
    // The training jobs it launches run as the role its training job definition names.
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTrainingJobDefinition.html
    requires: [passTo("sagemaker"), create("sagemaker:CreateHyperParameterTuningJob")],
  },
  {
    id: "sagemaker-004",
    name: "presigned URL to an existing notebook",
    requires: [runningAs("sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker")],
  },
  {
    id: "whittle-sagemaker-studio-url",
    name: "presigned URL to an existing SageMaker Studio user profile",
    // Signs the caller in as the profile, whose spaces and apps run as its execution role.
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html
    // https://docs.aws.amazon.com/sagemaker/latest/dg/execution-roles-and-spaces.html
    requires: [runningAs("sagemaker:CreatePresignedDomainUrl", "sagemaker")],
  },
  {
    id: "sagemaker-005",
    name: "lifecycle configuration on an existing notebook",
    requires: [
      runningAs("sagemaker:UpdateNotebookInstance", "sagemaker"),
      create("sagemaker:CreateNotebookInstanceLifecycleConfig"),
      create("sagemaker:StopNotebookInstance"),
      create("sagemaker:StartNotebookInstance"),
    ],
  },
];
