/**
 * API operations no trail records, although the API table names them: some authorize part of
 * another call, some are CloudWatch Logs data-plane calls CloudTrail does not record
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html). Calling
 * them unused would break the workloads that write logs.
 */
export const NEVER_LOGGED_ACTIONS: readonly { action: string; why: string }[] = [
  { action: "iam:PassRole", why: "checked when a service is handed a role; the event is the service's call" },
  { action: "logs:PutLogEvents", why: "log ingestion is data-plane traffic, not a management event" },
  { action: "logs:GetLogEvents", why: "log reads are data-plane traffic, not management events" },
  { action: "logs:FilterLogEvents", why: "log reads are data-plane traffic, not management events" },
];
