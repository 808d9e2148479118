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

/** The `yyyy/mm/dd` partitions of the days the window touches. */
export function windowDays(window: Pick<ActivityWindow, "start" | "end">): string[] {
  return utcDays(window).map((day) => day.replaceAll("-", "/"));
}

const DAY_MS = 86_400_000;

/**
 * The `yyyy/mm/dd` partitions that may hold the window's events: those of the days it touches,
 * and the next day's. A file is filed under the day it is delivered on and holds records of any
 * time before it, so the calls of the window's last minutes before midnight sit in the following
 * day's partition. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 */
export function deliveryDays(window: Pick<ActivityWindow, "start" | "end">): string[] {
  const days = windowDays(window);
  if (days.length === 0) return days;
  const next = new Date(Date.parse(`${days.at(-1)!.replaceAll("/", "-")}T00:00:00Z`) + DAY_MS);
  return [...days, next.toISOString().slice(0, 10).replaceAll("-", "/")];
}
