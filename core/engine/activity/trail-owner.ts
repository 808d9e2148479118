import { trailChange } from "./trail-changes.js";
import type { TrailLogging } from "./trail-logging.js";
import type { ActivityItem } from "./types.js";

/**
 * The account and home region of a trail known by its ARN (`arn:aws:cloudtrail:<home>:<owner>:trail/<name>`);
 * undefined for a trail known by name alone.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
 */
export function trailOwner(trail: TrailLogging): { account: string; home: string } | undefined {
  const match = /^arn:[^:]+:cloudtrail:([^:]*):(\d{12}):trail\//.exec(trail.trail ?? "");
  if (!match) return undefined;
  return { account: match[2]!, home: trail.home ?? match[1]! };
}

/**
 * A trail of another account (an organization trail, read from a member's folders) is stopped and
 * its selectors changed by calls of its owner, made in the trail's home region (StopLogging and
 * PutEventSelectors must be called there) and recorded in the owner's folder for that region
 * alone: the member's files, however whole, show none. Without the owner's files for that region,
 * data events the trail logs today may have been turned on inside the window, and reads before
 * that would look unmade: the trail is counted on for its management events alone (what an
 * organization trail is kept for; a change of its management selectors, or a stop of a few hours
 * inside days that still have files, stays unseen). Undefined when the trail is the account's own, or
 * when the owner's files of its home region were read (their changes then fail the coverage, as
 * the account's own do).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
 */
export function ownerChangesUnread(
  trail: TrailLogging,
  accountId: string,
  shownIn: (account: string) => readonly string[] | undefined,
): { counted: TrailLogging; owner: string; home: string } | undefined {
  const owner = trailOwner(trail);
  if (!owner || owner.account === accountId || trail.data.length === 0) return undefined;
  if (shownIn(owner.account)?.includes(owner.home)) return undefined;
  return { counted: { ...trail, data: [] }, owner: owner.account, home: owner.home };
}

/**
 * The owners (account and home region) of the trails of another account that log data events:
 * whose files of that region a run of `accountId` reads for the trails' changes (ownerChangesUnread).
 */
export function foreignTrailOwners(
  logging: readonly TrailLogging[],
  accountId: string,
): { account: string; home: string }[] {
  const owners = new Map<string, { account: string; home: string }>();
  for (const trail of logging) {
    const owner = trailOwner(trail);
    if (owner && owner.account !== accountId && trail.data.length > 0)
      owners.set(`${owner.account} ${owner.home}`, owner);
  }
  return [...owners.values()];
}

/**
 * Of a trail owner's files read by a run of another account, what it counts: the days they were
 * delivered (extents), what could not be read (warnings, which leave the window uncovered), and
 * trail changes; never the owner's other calls, which are not the audited account's.
 */
export function ownerItemKept(item: ActivityItem): boolean {
  if (item.kind === "event") return trailChange(item.event) !== undefined;
  if (item.kind === "summary") return trailChange(item.summary.event) !== undefined;
  return true;
}

/**
 * The same for a source that reads the audited account's records and the owners' together (an
 * Athena query over both): a record or row of another recipient account is kept as ownerItemKept
 * keeps it.
 */
export function keptForAccount(item: ActivityItem, accountId: string): boolean {
  const event = item.kind === "event" ? item.event : item.kind === "summary" ? item.summary.event : undefined;
  if (event?.recipientAccountId === undefined || event.recipientAccountId === accountId) return true;
  return ownerItemKept(item);
}
