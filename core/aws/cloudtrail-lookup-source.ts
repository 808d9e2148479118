import {
  type CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { itemsFromDocument, warning } from "../engine/activity/documents.js";
import { MANAGEMENT_ONLY } from "../engine/activity/trail-logging.js";
import type { ActivityItem, ActivitySource, ActivityWindow } from "../engine/activity/types.js";
import { pageTokens } from "./page-tokens.js";

type Client = Pick<CloudTrailClient, "send">;

export interface CloudTrailLookupOptions {
  /** One client per region read: LookupEvents answers for its own region only. */
  cloudtrail: (region: string) => Client;
  /**
   * The regions named (`--lookup-regions`), or a function listing every enabled region of the
   * account. Named regions are all the source records.
   */
  regions: readonly string[] | (() => Promise<readonly string[]>);
  /** LookupEvents allows 2 requests per second per account and region. */
  requestsPerSecond?: number;
  /** Injected for tests; default real time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The LookupEvents API (`--lookup-events`): the last 90 days of management events, without a
 * trail, region by region (an action used only in another region is still seen). Pages are
 * requested no faster than the API's rate limit. A region that fails is a recorded failure: the
 * others are still read, and the coverage says the window was not read whole.
 */
export function cloudTrailLookupSource(options: CloudTrailLookupOptions): ActivitySource {
  return {
    description: "CloudTrail LookupEvents (management events)",
    // Only a read of every enabled region shows a call unmade anywhere; and IAM's events, global
    // service events, are in us-east-1's event history alone, so without it no grant is dated.
    logging:
      typeof options.regions === "function"
        ? MANAGEMENT_ONLY
        : { ...MANAGEMENT_ONLY, regions: options.regions },
    read: (window) => read(options, window),
  };
}

async function* read(
  options: CloudTrailLookupOptions,
  window: ActivityWindow,
): AsyncGenerator<ActivityItem[]> {
  const regions = [
    ...(typeof options.regions === "function" ? await options.regions() : options.regions),
  ].sort();
  const read: string[] = [];
  for (const region of regions) {
    try {
      yield* readRegion(options, options.cloudtrail(region), region, window);
      read.push(region);
    } catch (cause) {
      yield [warning(`LookupEvents ${region}`, "source-failed", (cause as Error).message)];
    }
  }
  // What the event history still held when the read ended: pages go from the newest event back,
  // so the window's oldest are read last, and a long read finds them gone.
  const missed = unreachableDays(window, (options.now ?? Date.now)());
  if (missed > 0)
    yield [
      warning(
        "LookupEvents",
        "source-failed",
        `CloudTrail's event history keeps ${HISTORY_DAYS} days: the window's first ${missed} day(s) could not be read`,
      ),
    ];
  yield [
    { kind: "extent", extent: { regions: read, complete: missed === 0 && read.length === regions.length } },
  ];
}

const DAY_MS = 86_400_000;
/** How far back LookupEvents answers. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html */
const HISTORY_DAYS = 90;
/** Between the audit's "now" and the read's end (the snapshot is loaded, then every region read): an hour. */
const READ_SLACK_MS = 3_600_000;

/**
 * Whole days of the window older than the event history reaches when the read ends: a window
 * of more than 90 days shows nothing of its first days, and its silence there proves nothing.
 */
function unreachableDays(window: ActivityWindow, now: number): number {
  const reach = now - HISTORY_DAYS * DAY_MS - READ_SLACK_MS;
  const start = Date.parse(window.start);
  return start < reach ? Math.ceil((reach - start) / DAY_MS) : 0;
}

async function* readRegion(
  options: CloudTrailLookupOptions,
  cloudtrail: Client,
  region: string,
  window: ActivityWindow,
): AsyncGenerator<ActivityItem[]> {
  const interval = 1000 / (options.requestsPerSecond ?? 2);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const next = pageTokens("LookupEvents");
  let token: string | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let page = 0;
  do {
    const wait = last + interval - now();
    if (wait > 0) await sleep(wait);
    page++;
    const output: LookupEventsCommandOutput = await cloudtrail.send(
      new LookupEventsCommand({
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    // Counted from the response, not the request: the next request then reaches AWS at least one
    // interval after this one did, however long the SDK took to put either on the wire.
    last = now();
    // Before its events are taken: a page answering a repeated token is an earlier page again.
    token = next(output.NextToken);
    const events = output.Events ?? [];
    const batch: ActivityItem[] = [];
    for (let i = 0; i < events.length; i++)
      itemsFromDocument(events[i], `LookupEvents ${region} page ${page} [${i}]`, batch);
    yield batch;
  } while (token);
}
