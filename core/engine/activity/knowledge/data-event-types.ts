import { STORAGE_DATA_EVENT_TYPES } from "./storage-data-event-types.js";

/**
 * CloudTrail data events by resource type (`resources.type` in event selectors): a trail records
 * these calls only when its event selectors ask for that type, so on a management-only trail (the
 * default) "never seen" says nothing about their use. Types and their calls from "Logging data
 * events", table "Data events supported by AWS CloudTrail"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html)
 * and each service's CloudTrail page, cited per entry. An action may be logged by several types.
 */
export interface DataEventType {
  type: string;
  /** IAM actions whose calls are data events of this type. */
  actions: readonly string[];
  /** The service page naming its data events. */
  source: string;
  /**
   * The type a call is recorded as instead when its request names the resource otherwise (an IoT
   * SiteWise value by its time series' alias rather than its asset): only both logged record every call.
   */
  orAs?: string;
  /**
   * The calls may be recorded as their service's management events instead: AWS's pages name them
   * as both, so only a trail recording both the type and the management events shows every call.
   */
  orManagement?: true;
}

const GUIDE =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html";
// SES's API v1 and v2 sends, by the IAM actions they are authorized as (v2's SendEmail as
// ses:SendEmail, its SendBulkEmail as ses:SendBulkEmail).
const SES = "https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html";
const SITEWISE =
  "https://docs.aws.amazon.com/iot-sitewise/latest/userguide/logging-using-cloudtrail.html#service-name-data-events-cloudtrail";
const SITEWISE_VALUES = [
  "iotsitewise:BatchPutAssetPropertyValue",
  "iotsitewise:GetAssetPropertyValue",
  "iotsitewise:GetAssetPropertyValueHistory",
  "iotsitewise:GetAssetPropertyAggregates",
  "iotsitewise:GetInterpolatedAssetPropertyValues",
  "iotsitewise:BatchGetAssetPropertyValue",
  "iotsitewise:BatchGetAssetPropertyValueHistory",
  "iotsitewise:BatchGetAssetPropertyAggregates",
];
// The workflow calls the SWF page lists as data events besides the task calls; the decisions it
// also lists (ScheduleActivityTask...) are no API-table operations.
const SWF_EXECUTIONS = [
  "swf:CountClosedWorkflowExecutions",
  "swf:CountOpenWorkflowExecutions",
  "swf:DescribeWorkflowExecution",
  "swf:ListClosedWorkflowExecutions",
  "swf:ListOpenWorkflowExecutions",
  "swf:GetWorkflowExecutionHistory",
  "swf:RequestCancelWorkflowExecution",
  "swf:SignalWorkflowExecution",
  "swf:StartWorkflowExecution",
  "swf:TerminateWorkflowExecution",
  "swf:CountPendingActivityTasks",
];
const EVENTBRIDGE =
  "https://docs.aws.amazon.com/eventbridge/latest/userguide/logging-using-cloudtrail.html#cloudtrail-data-events";
const CLOUD_MAP = "https://docs.aws.amazon.com/cloud-map/latest/dg/logging-using-cloudtrail.html";
const CLOUD_MAP_DISCOVERY = [
  "servicediscovery:DiscoverInstances",
  "servicediscovery:DiscoverInstancesRevision",
];

export const DATA_EVENT_TYPES: readonly DataEventType[] = [
  ...STORAGE_DATA_EVENT_TYPES,
  {
    type: "AWS::SQS::Queue",
    actions: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/logging-using-cloudtrail.html",
  },
  // A Publish to a topic is recorded as the topic, one to a platform endpoint (`targetArn`) as the
  // endpoint (GUIDE's table): only both logged show every publish to either. One to a phone number
  // names neither (unrecorded-targets.ts).
  {
    type: "AWS::SNS::Topic",
    actions: ["sns:Publish"],
    orAs: "AWS::SNS::PlatformEndpoint",
    source: GUIDE,
  },
  {
    type: "AWS::SNS::PlatformEndpoint",
    actions: ["sns:Publish"],
    orAs: "AWS::SNS::Topic",
    source: GUIDE,
  },
  {
    type: "AWS::Kinesis::Stream",
    actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:GetRecords", "kinesis:GetShardIterator"],
    source: "https://docs.aws.amazon.com/streams/latest/dev/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Kinesis::StreamConsumer",
    actions: ["kinesis:SubscribeToShard"],
    source: "https://docs.aws.amazon.com/streams/latest/dev/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::KinesisVideo::Stream",
    actions: [
      "kinesisvideo:GetMedia",
      "kinesisvideo:PutMedia",
      "kinesisvideo:GetHLSStreamingSessionURL",
      "kinesisvideo:GetDASHStreamingSessionURL",
      "kinesisvideo:GetClip",
      "kinesisvideo:GetMediaForFragmentList",
      "kinesisvideo:ListFragments",
      "kinesisvideo:GetImages",
    ],
    source: GUIDE,
  },
  {
    type: "AWS::KinesisFirehose::DeliveryStream",
    actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
    source: GUIDE,
  },
  {
    type: "AWS::CloudWatch::Metric",
    actions: [
      "cloudwatch:GetMetricData",
      "cloudwatch:GetMetricStatistics",
      "cloudwatch:GetMetricWidgetImage",
      "cloudwatch:ListMetrics",
      "cloudwatch:PutMetricData",
    ],
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html#CloudWatch-data-plane-events",
  },
  {
    type: "AWS::EC2::Snapshot",
    actions: [
      "ebs:PutSnapshotBlock",
      "ebs:GetSnapshotBlock",
      "ebs:ListChangedBlocks",
      "ebs:ListSnapshotBlocks",
    ],
    source: "https://docs.aws.amazon.com/ebs/latest/userguide/logging-ebs-apis-using-cloudtrail.html",
  },
  {
    type: "AWS::SSMMessages::ControlChannel",
    actions: ["ssmmessages:CreateControlChannel", "ssmmessages:OpenControlChannel"],
    source:
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-cloudtrail-logs.html#cloudtrail-data-events",
  },
  {
    type: "AWS::XRay::Trace",
    actions: [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:BatchGetTraces",
      "xray:GetTraceSummaries",
      "xray:GetTraceGraph",
      "xray:GetServiceGraph",
      "xray:GetTimeSeriesServiceStatistics",
      // The sampling quotas every X-Ray SDK and agent asks for; not GetSamplingRules, which the
      // page names neither as a data event nor as a logged management event (unconfirmed-calls.ts).
      "xray:GetSamplingTargets",
    ],
    source:
      "https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html#cloudtrail-data-events",
  },
  {
    type: "AWS::SES::EmailIdentity",
    // Every API send names the identity it sends from. Not ses:SendRawEmail: the SMTP interface
    // sends as it and is not recorded at all (never-logged.ts).
    actions: ["ses:SendEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail", "ses:SendBulkEmail"],
    source: SES,
  },
  {
    type: "AWS::SES::Template",
    // Only the v1 calls, which always name a stored template: a v2 send (ses:SendEmail,
    // ses:SendBulkEmail) names one only when it uses one, so this type alone misses the others.
    actions: ["ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail"],
    source: SES,
  },
  { type: "AWS::Events::EventBus", actions: ["events:PutEvents"], source: EVENTBRIDGE },
  // A request naming an asset is recorded as the asset, one naming a time series' alias as the
  // time series (the page's note).
  {
    type: "AWS::IoTSiteWise::Asset",
    actions: SITEWISE_VALUES,
    source: SITEWISE,
    orAs: "AWS::IoTSiteWise::TimeSeries",
  },
  {
    type: "AWS::IoTSiteWise::TimeSeries",
    actions: SITEWISE_VALUES,
    source: SITEWISE,
    orAs: "AWS::IoTSiteWise::Asset",
  },
  {
    type: "AWS::GreengrassV2::ComponentVersion",
    // The core device's other data calls (GetDeploymentConfiguration, PutCertificateAuthorities,
    // VerifyClientDeviceIdentity...) are no catalog actions.
    actions: ["greengrass:ResolveComponentCandidates"],
    source:
      "https://docs.aws.amazon.com/greengrass/v2/developerguide/logging-using-cloudtrail.html#greengrass-data-events-cloudtrail",
  },
  {
    type: "AWS::SMSVoice::OriginationIdentity",
    // API v2's SendVoiceMessage, whose request always names its origination identity. Its text and
    // media sends, no API-table operations, stay unobservable.
    actions: ["sms-voice:SendVoiceMessage"],
    source:
      "https://docs.aws.amazon.com/sms-voice/latest/userguide/logging-using-cloudtrail.html#cloudtrail-data-events",
  },
  { type: "AWS::Events::EventSource", actions: ["events:PutPartnerEvents"], source: EVENTBRIDGE },
  {
    type: "AWS::AppSync::GraphQLApi",
    actions: ["appsync:GraphQL"],
    source:
      "https://docs.aws.amazon.com/appsync/latest/devguide/cloudtrail-logging.html#cloudtrail-data-events",
  },
  {
    type: "AWS::RDS::DBCluster",
    actions: [
      "rds-data:ExecuteStatement",
      "rds-data:BatchExecuteStatement",
      "rds-data:BeginTransaction",
      "rds-data:CommitTransaction",
      "rds-data:RollbackTransaction",
    ],
    source:
      "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/logging-using-cloudtrail-data-api.html",
  },
  {
    type: "AWS::StepFunctions::Activity",
    // Step Functions' page lists GetActivityTask both as the activity's data event and among its
    // management events, and the task-token calls only as management events, while CloudTrail's
    // table has listed them under this type: a worker's calls are counted on only where both are
    // recorded. A callback task's token (.waitForTaskToken) names no activity at all.
    actions: [
      "states:GetActivityTask",
      "states:SendTaskSuccess",
      "states:SendTaskFailure",
      "states:SendTaskHeartbeat",
    ],
    source:
      "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cloud-trail.html#cloudtrail-data-events",
    orManagement: true,
  },
  {
    type: "AWS::SageMaker::Endpoint",
    // The page's "Data APIs logged to CloudTrail" for the endpoint. Its response-streaming call is no
    // API-table operation, and stays unobservable.
    actions: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync"],
    source: "https://docs.aws.amazon.com/sagemaker/latest/dg/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::SageMaker::FeatureGroup",
    actions: [
      "sagemaker:PutRecord",
      "sagemaker:GetRecord",
      "sagemaker:DeleteRecord",
      "sagemaker:BatchGetRecord",
    ],
    source: GUIDE,
  },
  {
    type: "AWS::SageMaker::ExperimentTrialComponent",
    actions: ["sagemaker:BatchPutMetrics"],
    source: "https://docs.aws.amazon.com/sagemaker/latest/dg/experiments-monitoring.html",
  },
  {
    type: "AWS::Cognito::IdentityPool",
    actions: [
      "cognito-identity:GetId",
      "cognito-identity:GetCredentialsForIdentity",
      "cognito-identity:GetOpenIdToken",
      "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    ],
    source:
      "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-info-in-cloudtrail.html#identity-pools-cloudtrail-events",
  },
  { type: "AWS::CloudTrail::Channel", actions: ["cloudtrail-data:PutAuditEvents"], source: GUIDE },
  {
    type: "AWS::AppConfig::Configuration",
    actions: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
    source: "https://docs.aws.amazon.com/appconfig/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Timestream::Database",
    actions: ["timestream:Select"],
    source: "https://docs.aws.amazon.com/timestream/latest/developerguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Timestream::Table",
    // Not WriteRecords: Timestream "does not generate events for WriteRecords" (never-logged.ts).
    actions: ["timestream:Select"],
    source: "https://docs.aws.amazon.com/timestream/latest/developerguide/logging-using-cloudtrail.html",
  },
  // A discovery call names both the namespace and the service; either type records it. The
  // service's GetServiceAttributes, also one of its data events, is no API-table operation.
  {
    type: "AWS::ServiceDiscovery::Namespace",
    actions: CLOUD_MAP_DISCOVERY,
    source: CLOUD_MAP,
  },
  {
    type: "AWS::ServiceDiscovery::Service",
    actions: CLOUD_MAP_DISCOVERY,
    source: CLOUD_MAP,
  },
  {
    type: "AWS::Bedrock::AgentAlias",
    actions: ["bedrock:InvokeAgent"],
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Bedrock::KnowledgeBase",
    actions: ["bedrock:Retrieve", "bedrock:RetrieveAndGenerate"],
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Bedrock::Guardrail",
    actions: ["bedrock:ApplyGuardrail"],
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Bedrock::FlowAlias",
    actions: ["bedrock:InvokeFlow"],
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Bedrock::InlineAgent",
    actions: ["bedrock:InvokeInlineAgent"],
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html",
  },
  {
    type: "AWS::Cassandra::Table",
    actions: ["cassandra:Select", "cassandra:Modify"],
    source:
      "https://docs.aws.amazon.com/keyspaces/latest/devguide/logging-using-cloudtrail.html#keyspaces-in-cloudtrail-dml",
  },
  {
    type: "AWS::SWF::Domain",
    actions: [
      ...SWF_EXECUTIONS,
      "swf:PollForActivityTask",
      "swf:PollForDecisionTask",
      "swf:RespondActivityTaskCompleted",
      "swf:RespondActivityTaskFailed",
      "swf:RespondActivityTaskCanceled",
      "swf:RespondDecisionTaskCompleted",
      "swf:RecordActivityTaskHeartbeat",
    ],
    source:
      "https://docs.aws.amazon.com/amazonswf/latest/developerguide/ct-logging.html#cloudtrail-data-events",
  },
  {
    type: "AWS::NeptuneGraph::Graph",
    actions: [
      "neptune-graph:ReadDataViaQuery",
      "neptune-graph:WriteDataViaQuery",
      "neptune-graph:DeleteDataViaQuery",
    ],
    source: GUIDE,
  },
  {
    type: "AWS::VerifiedPermissions::PolicyStore",
    actions: ["verifiedpermissions:IsAuthorized", "verifiedpermissions:IsAuthorizedWithToken"],
    source: GUIDE,
  },
  {
    type: "AWS::SDB::Domain",
    actions: [
      "sdb:GetAttributes",
      "sdb:PutAttributes",
      "sdb:DeleteAttributes",
      "sdb:BatchPutAttributes",
      "sdb:BatchDeleteAttributes",
      "sdb:Select",
    ],
    source: GUIDE,
  },
  { type: "AWS::ManagedBlockchain::Node", actions: ["managedblockchain:Invoke"], source: GUIDE },
  { type: "AWS::KendraRanking::ExecutionPlan", actions: ["kendra-ranking:Rescore"], source: GUIDE },
  { type: "AWS::GuardDuty::Detector", actions: ["guardduty:SendSecurityTelemetry"], source: GUIDE },
  {
    // "CloudWatch RUM data plane events in CloudTrail": the telemetry a web client sends.
    type: "AWS::RUM::AppMonitor",
    actions: ["rum:PutRumEvents"],
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/logging_cw_api_calls.html#RUM-data-plane-events",
  },
];
