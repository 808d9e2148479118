import type { AwsConnection } from "../core/aws/clients.js";
import { unreadTrail } from "../core/aws/unread-trails.js";
import { deliveringTo } from "../core/engine/activity/trail-delivery.js";
import type { TrailLogging } from "../core/engine/activity/trail-logging.js";
import type { ActivitySource } from "../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../core/node/cloudtrail-files.js";
import { readEventSelectorsFiles } from "../core/node/event-selectors-files.js";
import type { ActivityOptions } from "./activity-options.js";
import { parseS3Url } from "./s3-url.js";
import { UsageError } from "./usage-error.js";
import { parseWorkers } from "./workers-option.js";

/**
 * Builds the sources the options name; clients are only created for the AWS ones, and the AWS SDK
 * is only loaded for them (loading it costs about half a second that an offline audit never needs).
 */
export async function activitySourcesFrom(
  options: ActivityOptions,
  connection: AwsConnection,
): Promise<ActivitySource[]> {
  const sources: ActivitySource[] = [];
  const workers = parseWorkers(options.workers);
  if (options.cloudtrail?.length) sources.push(cloudTrailFileSource(options.cloudtrail, { workers }));
  checkActivityOptions(options);
  const trails = (options.cloudtrailS3 ?? []).map((url) => parseS3Url(url, "--cloudtrail-s3"));
  const needsAws = trails.length > 0 || options.lookupEvents || options.athenaTable;
  if (!needsAws) return sources;
  const [{ createClients }, { cloudTrailS3Source }, { lookupEventsEverywhere }, { athenaActivitySource }] =
    await Promise.all([
      import("../core/aws/clients.js"),
      import("../core/aws/cloudtrail-s3-source.js"),
      import("../core/aws/cloudtrail-lookup-regions.js"),
      import("../core/aws/athena-activity-source.js"),
    ]);
  const clients = createClients(connection);
  for (const { bucket, prefix } of trails) {
    sources.push(cloudTrailS3Source({ s3: clients.s3, bucket, ...(prefix ? { prefix } : {}) }));
  }
  if (options.lookupEvents)
    sources.push(lookupEventsEverywhere(clients, lookupRegions(options.lookupRegions)));
  if (options.athenaTable && options.athenaOutput) {
    sources.push(
      athenaActivitySource({
        athena: clients.athena,
        table: options.athenaTable,
        outputLocation: options.athenaOutput,
      }),
    );
  }
  return sources;
}

/**
 * Every activity flag, checked before any client exists (and, with --org, before any account is
 * read), so a typo is a usage error (exit 2) that fails fast and quietly, not a runtime failure.
 */
export function checkActivityOptions(options: ActivityOptions): void {
  if ((options.athenaTable === undefined) !== (options.athenaOutput === undefined)) {
    throw new UsageError("--athena-table and --athena-output go together");
  }
  for (const url of options.cloudtrailS3 ?? []) parseS3Url(url, "--cloudtrail-s3");
  if (options.athenaOutput) parseS3Url(options.athenaOutput, "--athena-output");
  // The query names the table as written: the same identifiers the Athena query builder accepts.
  if (options.athenaTable !== undefined && !/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(options.athenaTable))
    throw new UsageError(`--athena-table must be DATABASE.TABLE, not ${JSON.stringify(options.athenaTable)}`);
  if (options.lookupRegions !== undefined && !options.lookupEvents)
    throw new UsageError("--lookup-regions goes with --lookup-events");
  if (options.lookupRegions !== undefined) lookupRegions(options.lookupRegions);
  parseWorkers(options.workers);
}

function lookupRegions(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const regions = list.split(",").map((r) => r.trim());
  const bad = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (bad !== undefined)
    throw new UsageError(`--lookup-regions: ${JSON.stringify(bad)} is not a region name`);
  return regions;
}

/**
 * What the trails log: the `--event-selectors` files, else, for a live trail source (bucket or
 * Athena), the trails' own selectors. Where those cannot be read, or no trail visible from the
 * account delivers to the buckets read (a copy, another account's trail), what the files' trail
 * logs is unknown: it is counted on for nothing (unreadTrail), as the deployed audit does, so its
 * silence calls nothing unused. Undefined (local files alone) leaves the configuration's
 * `loggedDataEvents`.
 */
export async function trailLoggingFrom(
  options: ActivityOptions,
  connection: AwsConnection,
): Promise<readonly TrailLogging[] | undefined> {
  if (options.eventSelectors?.length) return readEventSelectorsFiles(options.eventSelectors);
  if (!options.cloudtrailS3?.length && !options.athenaTable) return undefined;
  let reason: string;
  try {
    const [{ createClients }, { readTrailLogging }] = await Promise.all([
      import("../core/aws/clients.js"),
      import("../core/aws/cloudtrail-event-selectors.js"),
    ]);
    const all = await readTrailLogging(createClients(connection).cloudtrail);
    // Read from buckets alone, only the trails delivering to them speak for the files.
    const logging = options.athenaTable
      ? all
      : deliveringTo(
          all,
          (options.cloudtrailS3 ?? []).map((url) => parseS3Url(url, "--cloudtrail-s3")),
        );
    if (logging.length > 0) return logging;
    reason = options.athenaTable
      ? "no trail is visible from the account to give the event selectors of the trail of its files"
      : "no trail is visible from the account (or none delivers to the buckets read) to give its event selectors";
  } catch (error) {
    reason = (error as Error).message;
  }
  process.stderr.write(
    `whittle: ${reason}; nothing is called unused from the trail's silence (give --event-selectors)\n`,
  );
  return [unreadTrail(reason)];
}
