import type { FindingContext } from "./context.js";
import { daysSince } from "./identity-context.js";
import type { Problem } from "./run.js";

const DAY_MS = 86_400_000;

/**
 * How long before "now" a snapshot may have been collected and its IAM last-used data still be
 * taken to speak up to now: a day, so that a snapshot taken earlier on the audit's day (or a
 * credential report AWS keeps for up to four hours) is not doubted, while one taken days before
 * is. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export const SNAPSHOT_TOLERANCE_MS = DAY_MS;

/**
 * Whole days by which the snapshot precedes `now`, when by more than the tolerance; undefined when
 * it is recent enough. IAM's last-used data (RoleLastUsed, the credential report, service last
 * accessed) says nothing of the time after the snapshot: only CloudTrail can.
 */
export function snapshotLagDays(collectedAt: string, now: Date): number | undefined {
  const lag = now.getTime() - Date.parse(collectedAt);
  return lag > SNAPSHOT_TOLERANCE_MS ? Math.floor(lag / DAY_MS) : undefined;
}

/**
 * AWS reports RoleLastUsed and service last-accessed data for the trailing 400 days: a role or
 * service listed without a date was not used in that period, which says nothing of a window
 * reaching further back. https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html
 */
export const IAM_TRACKING_DAYS = 400;

/** Whether IAM's tracking period, ending at `until`, reaches back to the window's start. */
export function trackedSince(windowStart: string, until: Date | string): boolean {
  return Date.parse(windowStart) >= new Date(until).getTime() - IAM_TRACKING_DAYS * DAY_MS;
}

/**
 * Where AWS's tracking period ends: at the collection, even one later than the audit time (a past
 * window audited beside today's snapshot), as it counts 400 days back from there.
 */
export function trackingEnd(collectedAt: string, now: Date): Date {
  const collected = Date.parse(collectedAt);
  return Number.isNaN(collected) ? now : new Date(collected);
}

/** Whether the snapshot is recent enough for IAM's last-used data to speak up to now. */
export function snapshotCurrent(ctx: FindingContext): boolean {
  return snapshotLagDays(ctx.snapshot.collectedAt, ctx.now) === undefined;
}

/** The instant up to which IAM's last-used data speaks: the snapshot's collection, at most `now`. */
export function iamKnownUntil(collectedAt: string, now: Date): Date {
  const collected = Date.parse(collectedAt);
  return Number.isNaN(collected) || collected > now.getTime() ? now : new Date(collected);
}

/** How long the evidence shows a credential idle: whole days, "at least" when a part is unknown, and up to when. */
export interface Idle {
  days: number;
  atLeast: boolean;
  asOf: Date;
}

/**
 * How long a credential last used (or created) at `since` is known idle. IAM's data speaks up to
 * the snapshot; a trail whose silence counts for the credential (`trailCounts`) speaks for the
 * window, and continues IAM's up to now when the snapshot falls inside it (else only the window
 * is known idle). Undefined when nothing speaks for the days since an older snapshot: unknown.
 */
export function idleSince(ctx: FindingContext, since: string, trailCounts: boolean): Idle | undefined {
  const collected = iamKnownUntil(ctx.snapshot.collectedAt, ctx.now);
  if (trailCounts) {
    const days = daysSince(since, ctx.now);
    const joined = collected.getTime() >= Date.parse(ctx.window.start);
    return joined || days <= ctx.window.days
      ? { days, atLeast: false, asOf: ctx.now }
      : { days: ctx.window.days, atLeast: true, asOf: ctx.now };
  }
  if (!snapshotCurrent(ctx)) return undefined;
  // Counted to the snapshot; said "as of" it only where that changes the whole days.
  const days = daysSince(since, collected);
  return { days, atLeast: false, asOf: days === daysSince(since, ctx.now) ? ctx.now : collected };
}

/**
 * Qualifies a principal's last use where the snapshot precedes the window: neither IAM's data nor
 * the trail speaks for the days between, so the date is only the last use known.
 */
export function lastUseCaveat(ctx: FindingContext): string {
  const collected = iamKnownUntil(ctx.snapshot.collectedAt, ctx.now);
  return collected.getTime() < Date.parse(ctx.window.start)
    ? ` (the last known: nothing shows the days from the snapshot of ${ctx.snapshot.collectedAt} to the window)`
    : "";
}

/** "N days", or "at least N days" when only the window is known. */
export function idleDays(idle: Idle): string {
  return `${idle.atLeast ? "at least " : ""}${idle.days} days`;
}

/** Where the count stops short of now, says so: nothing is claimed past the snapshot. */
export function asOf(idle: Idle, ctx: FindingContext): string {
  return idle.asOf < ctx.now ? ` as of the snapshot of ${idle.asOf.toISOString()}` : "";
}

/** "collected X, N day(s) before the audit time Y" when the snapshot is older than the tolerance. */
export function snapshotAge(collectedAt: string, now: Date): string | undefined {
  const days = snapshotLagDays(collectedAt, now);
  if (days === undefined) return undefined;
  return `collected ${collectedAt}, ${days} day(s) before the audit time ${now.toISOString()}`;
}

/** The run's problem when the snapshot is older than the audit time by more than the tolerance. */
export function staleSnapshotProblem(collectedAt: string, now: Date): Problem | undefined {
  const age = snapshotAge(collectedAt, now);
  if (age === undefined) return undefined;
  return {
    code: "snapshot-older-than-audit",
    origin: "snapshot",
    message: `${age}: IAM's last-used data (RoleLastUsed, the credential report, service last accessed) cannot show any use after it, so a role or password is called unused only where CloudTrail read over the whole window could show its use since, and a user or access key not at all, as a resource policy may allow it calls no trail records (else its use is unknown)`,
  };
}
