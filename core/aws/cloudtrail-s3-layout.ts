import { utcDays } from "../engine/activity/delivery-days.js";
import type { ActivityWindow } from "../engine/activity/types.js";

/**
 * Where a trail delivers: `<prefix>/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/`, and
 * for an organization trail `<prefix>/AWSLogs/<org-id>/<account>/CloudTrail/...`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export const ACCOUNT_ID = /^\d{12}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

export function logsRoot(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "AWSLogs/" : `${trimmed}/AWSLogs/`;
}

/** The `yyyy/mm/dd` partitions holding the window's events: every UTC day the window touches. */
export function windowDays(window: Pick<ActivityWindow, "start" | "end">): string[] {
  return utcDays(window).map((day) => day.replaceAll("-", "/"));
}
