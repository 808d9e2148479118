/**
 * API operations no trail records, although the API table names them: some authorize part of
 * another call, some are data-plane calls CloudTrail does not record (CloudWatch Logs,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html; Timestream's
 * ingestion; Step Functions' synchronous starts; SES's SMTP sends; AWS IoT's device side, IOT below). Calling them unused would break the workloads that make them. `within`:
 * its use is always part of another call, whose event records it; otherwise it can be used with no
 * record at all.
 */
export const NEVER_LOGGED_ACTIONS: readonly { action: string; why: string; within?: true }[] = [
  {
    action: "iam:PassRole",
    why: "checked when a service is handed a role; the event is the service's call",
    within: true,
  },
  { action: "logs:PutLogEvents", why: "log ingestion is data-plane traffic, not a management event" },
  { action: "logs:GetLogEvents", why: "log reads are data-plane traffic, not management events" },
  { action: "logs:FilterLogEvents", why: "log reads are data-plane traffic, not management events" },
  // "Timestream for LiveAnalytics generates CloudTrail events for all management and Query API
  // operations, but does not generate events for WriteRecords and DescribeEndpoints APIs"
  // (https://docs.aws.amazon.com/timestream/latest/developerguide/logging-using-cloudtrail.html).
  { action: "timestream:WriteRecords", why: "Timestream's ingestion leaves no CloudTrail event" },
  {
    action: "timestream:DescribeEndpoints",
    why: "the endpoint discovery every Timestream SDK call makes first leaves no CloudTrail event",
  },
  // "This API action isn't logged in CloudTrail"
  // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html).
  {
    action: "states:StartSyncExecution",
    why: "a synchronous Express workflow's start leaves no CloudTrail management event",
  },
  // "Email sending activity via SES SMTP Interface is not logged to CloudTrail events"
  // (https://docs.aws.amazon.com/ses/latest/dg/logging-using-cloudtrail.html), and an SMTP user
  // sends as ses:SendRawEmail (https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html).
  { action: "ses:SendRawEmail", why: "mail sent through SES's SMTP interface leaves no CloudTrail event" },
  // "It doesn't capture read-only actions, such as GetEnvironment, or the PublishMetrics action"
  // (https://docs.aws.amazon.com/mwaa/latest/userguide/monitoring-cloudtrail.html); its reads are
  // in NEVER_LOGGED_READS.
  {
    action: "airflow:PublishMetrics",
    why: "the health metrics an Amazon MWAA environment publishes leave no CloudTrail event",
  },
  // "CloudTrail captures all REST API calls for API Gateway as events", except TestInvokeAuthorizer
  // and TestInvokeMethod, which "are not logged in CloudTrail"
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/cloudtrail.html); both are
  // authorized as apigateway:POST (on the authorizer's and the method's paths), so a POST may leave
  // no record.
  {
    action: "apigateway:POST",
    why: "API Gateway's TestInvokeMethod and TestInvokeAuthorizer, POST requests, leave no CloudTrail event",
  },
  // Calls to a deployed API are authorized as execute-api:Invoke (a Cache-Control header as
  // execute-api:InvalidateCache), checked by API Gateway on each client request
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html);
  // CloudTrail records the management API only, a deployed API's requests go to its access logs
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
  { action: "execute-api:Invoke", why: "requests to a deployed API leave no CloudTrail event" },
  {
    action: "execute-api:InvalidateCache",
    why: "a client's request to a deployed API to invalidate its cache leaves no CloudTrail event",
  },
  ...[
    "iot:Connect",
    "iot:Publish",
    "iot:RetainPublish",
    "iot:Subscribe",
    "iot:Receive",
    "iot:GetRetainedMessage",
    "iot:ListRetainedMessages",
    "iot:GetThingShadow",
    "iot:UpdateThingShadow",
    "iot:DeleteThingShadow",
    "iot:ListNamedShadowsForThing",
  ].map((action) => ({ action, why: "AWS IoT's data plane (MQTT, device shadows, retained messages)" })),
];

const IOT = "https://docs.aws.amazon.com/iot/latest/developerguide/iot-using-cloudtrail.html";
const MWAA = "https://docs.aws.amazon.com/mwaa/latest/userguide/monitoring-cloudtrail.html";

/**
 * Services whose calls that change nothing no trail records: every catalog action of theirs at the
 * Read or List access level. AWS IoT logs "control plane actions that make changes" (CreateThing,
 * UpdateCertificate), "while calls such as ListThings and ListTopicRules do not" leave entries; the
 * page names no read that is logged, so none is counted on. Amazon MWAA's CloudTrail "doesn't
 * capture read-only actions, such as GetEnvironment".
 */
export const NEVER_LOGGED_READS: readonly { service: string; why: string; source: string }[] = [
  { service: "iot", why: "AWS IoT's control-plane reads leave no CloudTrail entry", source: IOT },
  { service: "airflow", why: "Amazon MWAA's read-only calls leave no CloudTrail entry", source: MWAA },
];
