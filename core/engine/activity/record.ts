import type { ActivityItem, CloudTrailEvent, SourceWarning } from "./types.js";

/**
 * Accepts any JSON value and returns it as a record when it has what attribution and aggregation
 * need (source, name, time as strings, and well-typed optional parts); otherwise says what is
 * missing (a string, which the caller turns into a warning). The record object is returned as is,
 * not copied: at millions of events a copy costs.
 */
export function toCloudTrailEvent(value: unknown): CloudTrailEvent | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "a CloudTrail record must be a JSON object";
  }
  const record = value as Record<string, unknown>;
  // Each field read by name, not by a loop over their names: records come in many shapes, and a
  // lookup by a computed key costs several times a named one at every record.
  if (!nonEmpty(record.eventSource)) return "record lacks eventSource";
  if (!nonEmpty(record.eventName)) return "record lacks eventName";
  if (!nonEmpty(record.eventTime)) return "record lacks eventTime";
  const identity = record.userIdentity;
  if (
    identity !== undefined &&
    identity !== null &&
    (typeof identity !== "object" || Array.isArray(identity))
  ) {
    return "userIdentity is not an object";
  }
  if (record.resources !== undefined && record.resources !== null && !Array.isArray(record.resources)) {
    return "resources is not an array";
  }
  const params = record.requestParameters;
  // Some producers store requestParameters as a JSON string: read, it still names the call's
  // resources, passed roles and session policies. Anything else not an object is left out; the
  // fields are not needed to attribute the call, so the record stays usable without them.
  if (typeof params === "string") record.requestParameters = objectIn(params);
  else if (params !== undefined && params !== null && (typeof params !== "object" || Array.isArray(params)))
    record.requestParameters = null;
  // CloudTrail writes these as strings; any other value is left out rather than carried into
  // keys (an array made a string recursively) and the report (whose schema would then fail).
  if (!stringOrAbsent(record.eventType)) record.eventType = undefined;
  if (!stringOrAbsent(record.awsRegion)) record.awsRegion = undefined;
  if (!stringOrAbsent(record.errorCode)) record.errorCode = undefined;
  if (!stringOrAbsent(record.errorMessage)) record.errorMessage = undefined;
  if (!stringOrAbsent(record.recipientAccountId)) record.recipientAccountId = undefined;
  if (!stringOrAbsent(record.sourceIPAddress)) record.sourceIPAddress = undefined;
  if (!stringOrAbsent(record.vpcEndpointId)) record.vpcEndpointId = undefined;
  return record as unknown as CloudTrailEvent;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value !== "";
}

function stringOrAbsent(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

function objectIn(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A record, or the warning saying why it is not one; the origin is built only for a bad record. */
export function recordItem(value: unknown, origin: () => string): ActivityItem {
  const event = toCloudTrailEvent(value);
  return typeof event === "string" ? warning(origin(), "invalid-record", event) : { kind: "event", event };
}

export function warning(origin: string, code: SourceWarning["code"], message: string): ActivityItem {
  return { kind: "warning", warning: { origin, code, message } };
}

/**
 * A console sign-in AWS refused (wrong password or MFA code): CloudTrail records it under the
 * user's name, with an errorMessage ("Failed authentication") and `{"ConsoleLogin": "Failure"}`
 * but no errorCode. It is no use of the user: anyone may type a name.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
export function isFailedSignIn(event: CloudTrailEvent): boolean {
  if (event.eventSource !== SIGNIN) return false;
  if (typeof event.errorMessage === "string" && event.errorMessage !== "") return true;
  const response = event.responseElements;
  return (
    typeof response === "object" &&
    response !== null &&
    Object.values(response).some((value) => value === "Failure")
  );
}

/** A console sign-in AWS accepted (refused ones are isFailedSignIn's). */
export function isConsoleSignIn(event: CloudTrailEvent): boolean {
  return event.eventSource === SIGNIN && event.eventName === "ConsoleLogin" && !isFailedSignIn(event);
}

const SIGNIN = "signin.amazonaws.com";
