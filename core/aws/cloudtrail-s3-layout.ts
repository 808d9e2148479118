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

const DAY_MS = 86_400_000;

/**
 * The `yyyy/mm/dd` partitions holding the window's events: every UTC day the window touches.
 * `end` is exclusive, so a window ending at midnight does not read the next day.
 */
export function windowDays(window: Pick<ActivityWindow, "start" | "end">): string[] {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return [];
  const days: string[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10).replaceAll("-", "/"));
  }
  return days;
}
