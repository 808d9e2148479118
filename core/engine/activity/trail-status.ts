import type { TrailLogging } from "./trail-logging.js";
import type { ActivityWindow } from "./types.js";

/**
 * Whether a trail was logging when read (`cloudtrail:GetTrailStatus`): its IsLogging and the
 * times it last started and stopped logging; "unknown" when the status could not be read.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */
export type TrailStatus =
  | {
      logging: boolean;
      startedAt?: string;
      stoppedAt?: string;
      /** The S3 error of its latest delivery (LatestDeliveryError), when one failed. */
      deliveryError?: string;
    }
  | { logging: "unknown"; reason: string };

/**
 * A trail not logging now, stopped before the window ends (or at a time not given), or one whose
 * status could not be read, delivered nothing for some part of the window: counted on for nothing,
 * so none of its selectors makes a call look unmade. Its StopLogging record may lie before the
 * window, outside every file read, and a trail sharing its bucket keeps delivering files all the
 * while. So does one whose latest start (StartLoggingTime) falls inside the window, or whose latest
 * stop (StopLoggingTime) does while it logs now: it was created or stopped in it, and recorded
 * nothing before its start, whether or not the files read hold the StartLogging. So does one whose
 * latest delivery to its bucket failed (LatestDeliveryError, "a problem with the destination S3
 * bucket": a bucket policy admitting another trail's files alone), while that other trail's files
 * fill every day. A trail started before the window and logging until after it ends (now, or up to
 * a stop after the window) logged through it as its selectors say (a stop or start inside the
 * window is seen in the records too: trail-changes.ts). One logging, or stopped after the window,
 * whose status gives no start is counted on for nothing: it may have started at any time. Undefined
 * when the trail is counted on as it is, as is every trail whose status was not read (selectors
 * given as files).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */
export function notLogging(
  trail: TrailLogging,
  window: Pick<ActivityWindow, "start" | "end">,
): { counted: TrailLogging; message: string } | undefined {
  const { status } = trail;
  if (status === undefined) return undefined;
  let why: string;
  const after = (time: string | undefined) =>
    time !== undefined && Date.parse(time) > Date.parse(window.start);
  if (status.logging === "unknown") why = `its status cannot be read (${status.reason})`;
  else if (status.deliveryError) why = `its files fail to reach its bucket (${status.deliveryError})`;
  else if (!status.logging && status.stoppedAt === undefined)
    why = "it is not logging (since when, its status does not say)";
  else if (!status.logging && Date.parse(status.stoppedAt!) < Date.parse(window.end))
    why = `it is not logging since ${status.stoppedAt}`;
  else if (status.logging && after(status.stoppedAt))
    why = `it was stopped at ${status.stoppedAt}, after the window starts`;
  // Its latest start, before a stop after the window or none since: it logged from then on only.
  // The API reference marks no response field as always given: a start not given may be any time.
  else if (status.startedAt === undefined) why = "it logs since a time its status does not give";
  else if (after(status.startedAt)) why = `it logs only since ${status.startedAt}, after the window starts`;
  else return undefined;
  return {
    counted: { ...trail, management: { read: false, write: false }, data: [] },
    message: `${why}: what it selects may not have been recorded inside the window, so nothing is called unused from its silence`,
  };
}
