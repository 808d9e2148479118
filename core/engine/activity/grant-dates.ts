import type { TrailLogging } from "./trail-logging.js";

/** Where CloudTrail delivers the events of IAM, a global service. */
const IAM_EVENTS = { source: "iam.amazonaws.com", region: "us-east-1" };

/**
 * Why the trail read cannot show when a principal's policies were granted, or "" when it can.
 * Attaching or writing a policy, joining a group, a new default version (knowledge/granting-calls.ts)
 * are write management events of iam.amazonaws.com, delivered as global service events to
 * us-east-1: a trail of every region records them (it must include global service events), and so
 * does one of us-east-1 unless it was created or updated without them. Without those events a
 * policy attached last week looks held all window, and what it grants and a job has not used yet
 * looks never needed.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
export function undatedGrants(logging: readonly TrailLogging[]): string {
  const records = logging.some(
    ({ management, regions, globalServiceEvents }) =>
      management.write !== false &&
      !management.write.excludedSources.includes(IAM_EVENTS.source) &&
      (regions === undefined || (regions.includes(IAM_EVENTS.region) && globalServiceEvents !== false)),
  );
  return records
    ? ""
    : "the trail read does not record IAM's write events (iam.amazonaws.com, delivered to us-east-1), so a policy attached or written inside the window cannot be told from one held all window";
}

const DAY_MS = 86_400_000;

/**
 * Why the snapshot's policies may hold grants the window never saw, or "" when they cannot: a
 * snapshot collected after the window ends (a past window audited beside a later snapshot) shows
 * every policy attached or written since as held all window, and the trail read for the window
 * does not show those changes. A day's grace, as for a snapshot older than the audit time
 * (findings/snapshot-age.ts), so a run that collects its snapshot just after its window is not doubted.
 */
export function grantsAfterWindow(collectedAt: string, windowEnd: string): string {
  const lag = Date.parse(collectedAt) - Date.parse(windowEnd);
  return lag > DAY_MS
    ? `the snapshot was collected ${collectedAt}, after the window ends (${windowEnd}), so a policy attached or written since cannot be told from one held all window`
    : "";
}
