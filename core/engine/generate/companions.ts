/**
 * Actions a call cannot work without that CloudTrail never shows as management events of their own.
 * When the first is kept, the others are kept too (if currently granted), marked inferred: a Lambda
 * function that creates its log stream also writes to it, through logs:PutLogEvents, which no trail
 * records (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/logging_cw_api_calls.html).
 */
export const COMPANION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "logs:CreateLogStream": ["logs:PutLogEvents"],
};
