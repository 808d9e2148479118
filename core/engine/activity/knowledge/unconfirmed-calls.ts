const GUIDE =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html";

// "X-Ray supports logging the following actions as events in CloudTrail log files": the encryption,
// group and insight calls and GetSamplingStatisticSummaries; its data events are the trace calls and
// GetSamplingTargets. The sampling-rule calls every X-Ray SDK and daemon makes (GetSamplingRules) and
// the rule and tag changes are on neither list.
const XRAY = "https://docs.aws.amazon.com/xray/latest/devguide/xray-api-cloudtrail.html";
const XRAY_UNLISTED = [
  "xray:GetSamplingRules",
  "xray:CreateSamplingRule",
  "xray:UpdateSamplingRule",
  "xray:DeleteSamplingRule",
  "xray:TagResource",
  "xray:UntagResource",
  "xray:ListTagsForResource",
];

// CloudTrail records "Amazon Pinpoint API activity on mobile targeting applications" as data events
// of AWS::Pinpoint::App (GUIDE) without naming the calls, while Pinpoint's page
// (https://docs.aws.amazon.com/pinpoint/latest/developerguide/pinpoint-cloudtrail-actions.html) still
// lists its event ingestion, endpoint and send calls among the logged ones, and omits its in-app
// messaging and OTP verification: the calls an app's clients and back end make on an application.
const PINPOINT_APP = [
  "mobiletargeting:PutEvents",
  "mobiletargeting:UpdateEndpoint",
  "mobiletargeting:UpdateEndpointsBatch",
  "mobiletargeting:GetEndpoint",
  "mobiletargeting:DeleteEndpoint",
  "mobiletargeting:GetUserEndpoints",
  "mobiletargeting:DeleteUserEndpoints",
  "mobiletargeting:RemoveAttributes",
  "mobiletargeting:SendMessages",
  "mobiletargeting:SendUsersMessages",
  "mobiletargeting:SendOTPMessage",
  "mobiletargeting:VerifyOTPMessage",
  "mobiletargeting:GetInAppMessages",
];

// "GetTableObjects, UpdateTableObjects, and GetWorkUnitResults are high-volume data plane
// operations. Calls to these APIs are not currently logged to CloudTrail", while CloudTrail records
// Glue API activity on tables created by Lake Formation as data events (AWS::Glue::Table, GUIDE).
const LAKE_FORMATION = "https://docs.aws.amazon.com/lake-formation/latest/dg/security-event-logging.html";
const LAKE_FORMATION_DATA = [
  "lakeformation:GetTableObjects",
  "lakeformation:UpdateTableObjects",
  "lakeformation:GetWorkUnitResults",
];
// "The following data plane operations aren't logged by CloudTrail: GetPropertyValue,
// GetPropertyValueHistory, BatchPutPropertyValues" (only the first is an API-table operation),
// while CloudTrail lists data-event types for TwinMaker entities and workspaces (GUIDE).
const TWINMAKER = "https://docs.aws.amazon.com/iot-twinmaker/latest/guide/logging-using-cloudtrail.html";

// MWAA's page says CloudTrail captures "all calls to Amazon MWAA APIs" but its reads and
// PublishMetrics (never-logged.ts), while CloudTrail records "Amazon MWAA API activity on
// environments" as data events (AWS::MWAA::Environment, GUIDE) without naming the calls: the token
// calls a user or script makes to reach an environment's Airflow are the likeliest of them.
const MWAA = "https://docs.aws.amazon.com/mwaa/latest/userguide/monitoring-cloudtrail.html";

/**
 * API operations the API table names whose record AWS's own pages leave in doubt: the service's
 * CloudTrail page lists the calls it logs without them, or CloudTrail names a data-event resource
 * type for their resource without saying which calls it records. Such a call may be a data event,
 * or no event at all, so a trail of management events proves nothing by its silence; nor is any
 * data-event type counted on to record it. Each entry names the page that leaves the doubt.
 */
export const UNCONFIRMED_CALLS: readonly { action: string; why: string; source: string }[] = [
  ...XRAY_UNLISTED.map((action) => ({
    action,
    why: "X-Ray's CloudTrail page names it neither as a logged management event nor as a data event",
    source: XRAY,
  })),
  ...PINPOINT_APP.map((action) => ({
    action,
    why: "a call on a Pinpoint application, whose API activity CloudTrail may record only as data events",
    source: GUIDE,
  })),
  {
    action: "machinelearning:Predict",
    why: "the prediction call on an ML model, whose API activity CloudTrail records as data events (AWS::MachineLearning::MlModel)",
    source: GUIDE,
  },
  {
    action: "dataexchange:SendApiAsset",
    why: "the call to an API asset, whose API activity CloudTrail records as data events (AWS::DataExchange::Asset)",
    source: GUIDE,
  },
  ...["codeguru-profiler:PostAgentProfile", "codeguru-profiler:ConfigureAgent"].map((action) => ({
    action,
    why: "the profiling agent's call on a profiling group, whose API activity CloudTrail records as data events (AWS::CodeGuruProfiler::ProfilingGroup)",
    source: GUIDE,
  })),
  ...["kinesisvideo:GetIceServerConfig", "kinesisvideo:SendAlexaOfferToMaster"].map((action) => ({
    action,
    why: "a WebRTC signaling call, whose API activity CloudTrail records as data events (AWS::KinesisVideo::SignalingChannel)",
    source: GUIDE,
  })),
  ...LAKE_FORMATION_DATA.map((action) => ({
    action,
    why: "a governed table's data-plane call, which Lake Formation's page says is not logged and CloudTrail may record as a data event (AWS::Glue::Table)",
    source: LAKE_FORMATION,
  })),
  {
    action: "iottwinmaker:GetPropertyValue",
    why: "a data-plane read TwinMaker's page says is not logged, which CloudTrail may record as a data event (AWS::IoTTwinMaker::Entity)",
    source: TWINMAKER,
  },
  {
    // Greengrass's page names the calls it records as data events by resource type; this one is
    // a core device's call on a component version ("Core devices call this operation"), the
    // activity CloudTrail records as data events of AWS::GreengrassV2::ComponentVersion.
    action: "greengrass:GetComponentVersionArtifact",
    why: "the call a core device makes for a component version's artifact, whose API activity from core devices CloudTrail records as data events (AWS::GreengrassV2::ComponentVersion)",
    source: GUIDE,
  },
  ...["airflow:CreateCliToken", "airflow:CreateWebLoginToken"].map((action) => ({
    action,
    why: "a token call on an MWAA environment, whose API activity CloudTrail may record only as data events (AWS::MWAA::Environment)",
    source: MWAA,
  })),
];
