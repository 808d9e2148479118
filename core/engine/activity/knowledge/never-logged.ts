/**
 * API operations no trail records, although the API table names them: some authorize part of
 * another call, some are CloudWatch Logs data-plane calls CloudTrail does not record
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html). Calling
 * them unused would break the workloads that write logs. `within`: its use is always part of another
 * call, whose event records it; otherwise it can be used with no record at all.
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
];
