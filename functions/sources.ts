import { athenaResultsSource } from "../core/aws/athena-activity-source.js";
import { readTrailLogging } from "../core/aws/cloudtrail-event-selectors.js";
import { lookupEventsEverywhere } from "../core/aws/cloudtrail-lookup-regions.js";
import { cloudTrailS3Source } from "../core/aws/cloudtrail-s3-source.js";
import { withTrailOwners } from "../core/aws/trail-owner-source.js";
import { unreadTrail } from "../core/aws/unread-trails.js";
import type { TrailLogging } from "../core/engine/activity/trail-logging.js";
import { foreignTrailOwners } from "../core/engine/activity/trail-owner.js";
import type { ActivitySource } from "../core/engine/activity/types.js";
import { logger } from "./middleware.js";
import type { AccountClients, Runtime } from "./runtime.js";
import type { RunState } from "./steps/run-state.js";
import { mergedTrailSource } from "./steps/trail-partitions.js";

/**
 * The live activity of one audit. LookupEvents is read with the audited account's clients, in
 * every region enabled for it (or the configured ones); a trail bucket is read with the function's
 * own, since an organization trail lives in one (logging) account, and only the audited account's
 * logs are listed, with, for each trail of another account that logs data events (`logging`, the
 * audited account's trails), the owner's folder of its home region for the trail's changes alone.
 */
export function activitySources(
  runtime: Runtime,
  account: AccountClients,
  run: RunState,
  logging: readonly TrailLogging[] = [],
): ActivitySource[] {
  const { config } = runtime;
  const { accountId, activity } = run;
  // The state machine fanned the trail bucket out over its day/region partitions: merge them.
  if (config.activity === "trail-bucket" && activity?.partitions) return [mergedTrailSource(runtime, run)];
  if (config.activity === "athena" && config.athena) {
    // The state machine ran the query; without its id the run cannot have read anything.
    if (!activity?.queryExecutionId) throw new Error("the run carries no Athena query to read");
    const regions = config.athena.regions;
    return [
      athenaResultsSource({
        athena: runtime.clients.athena,
        queryExecutionId: activity.queryExecutionId,
        table: config.athena.table,
        extent: { ...(regions ? { regions } : {}), ...(accountId ? { accounts: [accountId] } : {}) },
        ...(accountId ? { accountId } : {}),
      }),
    ];
  }
  if (config.activity === "trail-bucket" && config.trailBucket) {
    const bucket = {
      s3: runtime.clients.s3,
      bucket: config.trailBucket,
      ...(config.trailPrefix ? { prefix: config.trailPrefix } : {}),
    };
    const trail = cloudTrailS3Source({ ...bucket, ...(accountId ? { accounts: [accountId] } : {}) });
    if (!accountId) return [trail];
    // An organization trail's changes are its owner's calls, in the owner's folder of its home region.
    const owners = foreignTrailOwners(logging, accountId).map(({ account, home }) =>
      cloudTrailS3Source({ ...bucket, accounts: [account], regions: [home] }),
    );
    return [
      withTrailOwners(trail, owners, (owner, error) =>
        logger.warn("trail owner's folder unread", { source: owner.description, error: error.message }),
      ),
    ];
  }
  if (config.activity === "lookup-events") return [lookupEventsEverywhere(account, config.lookupRegions)];
  return [];
}

/**
 * What the audited account's trails log (their basic or advanced event selectors), for the sources
 * that read a trail; LookupEvents shows management events whatever the trails log. Selectors that
 * cannot be read, or no trail visible from the account, leave what the files' trail logs unknown:
 * it is counted on for nothing (unreadTrail), so that its silence calls nothing unused, with a
 * logged warning and the report's `trail-not-logging` problem.
 */
export async function trailLogging(
  runtime: Runtime,
  account: AccountClients,
): Promise<readonly TrailLogging[] | undefined> {
  if (runtime.config.activity === "lookup-events" || runtime.config.activity === "none") return undefined;
  let reason: string;
  try {
    const logging = await readTrailLogging(account.cloudtrail);
    if (logging.length > 0) return logging;
    reason = "no trail is visible from the account to give the event selectors of the trail of its files";
  } catch (error) {
    reason = (error as Error).message;
  }
  logger.warn("what the trail logs is unknown; nothing is called unused from its silence", { reason });
  return [unreadTrail(reason)];
}
