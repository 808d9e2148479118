import type { CloudTrailEvent } from "./types.js";

/**
 * Calls that change what a trail records: logging stopped (until StartLogging; a StartLogging
 * alone shows it was stopped before), the trail deleted, its selectors or its settings (regions,
 * global events, where files go) changed. A trail changed inside the window recorded one thing
 * before and another after, or nothing for hours whose day still has files: its silence shows
 * nothing unused. Which trail a change names is not matched to the one read (offline files do
 * not say), so any trail's change counts: the cautious side.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html
 */
export const TRAIL_CHANGES: ReadonlySet<string> = new Set([
  "StopLogging",
  "StartLogging",
  "DeleteTrail",
  "UpdateTrail",
  "PutEventSelectors",
]);

/** What the record shows changed about a trail, in the words of a coverage failure; undefined for any other record. */
export function trailChange(event: CloudTrailEvent): { what: string; message: string } | undefined {
  if (event.eventSource !== "cloudtrail.amazonaws.com" || !TRAIL_CHANGES.has(event.eventName))
    return undefined;
  if (event.errorCode) return undefined;
  const name = event.requestParameters?.name;
  const trail = typeof name === "string" && name !== "" ? name : "a trail";
  return {
    what: `${event.eventName} of ${trail} at ${event.eventTime}`,
    message:
      "a trail was stopped or changed inside the window: what it recorded before and after differs, and calls it did not record may have been made",
  };
}
