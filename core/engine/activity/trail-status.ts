import type { TrailLogging } from "./trail-logging.js";

/**
 * Whether a trail was logging when read (`cloudtrail:GetTrailStatus`): its IsLogging and the
 * times it last started and stopped logging; "unknown" when the status could not be read.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */
export type TrailStatus =
  | { logging: boolean; startedAt?: string; stoppedAt?: string }
  | { logging: "unknown"; reason: string };

/**
 * A trail not logging now, stopped before the window ends (or at a time not given), or one whose
 * status could not be read, delivered nothing for some part of the window: counted on for nothing,
 * so none of its selectors makes a call look unmade. Its StopLogging record may lie before the
 * window, outside every file read, and a trail sharing its bucket keeps delivering files all the
 * while. A trail stopped after the window ends logged through it as its selectors say (a stop or
 * start inside the window is seen in the records: trail-changes.ts). Undefined when the trail is
 * counted on as it is, as is every trail whose status was not read (selectors given as files).
 */
export function notLogging(
  trail: TrailLogging,
  windowEnd: string,
): { counted: TrailLogging; message: string } | undefined {
  const { status } = trail;
  if (status === undefined || status.logging === true) return undefined;
  let why: string;
  if (status.logging === "unknown") why = `its status cannot be read (${status.reason})`;
  else if (status.stoppedAt === undefined) why = "it is not logging (since when, its status does not say)";
  else if (Date.parse(status.stoppedAt) >= Date.parse(windowEnd)) return undefined;
  else why = `it is not logging since ${status.stoppedAt}`;
  return {
    counted: { ...trail, management: { read: false, write: false }, data: [] },
    message: `${why}: what it selects may not have been recorded inside the window, so nothing is called unused from its silence`,
  };
}
