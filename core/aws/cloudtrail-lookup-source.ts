import {
  type CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { itemsFromDocument } from "../engine/activity/documents.js";
import { ActivitySourceError } from "../engine/activity/errors.js";
import type { ActivityItem, ActivitySource, ActivityWindow } from "../engine/activity/types.js";

export interface CloudTrailLookupOptions {
  cloudtrail: Pick<CloudTrailClient, "send">;
  /** LookupEvents allows 2 requests per second per account and region. */
  requestsPerSecond?: number;
  /** Injected for tests; default real time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The LookupEvents API (`--lookup-events`): the last 90 days of management events of one region,
 * without a trail. Pages are requested no faster than the API's rate limit, so a long history
 * costs time but never throttling errors.
 */
export function cloudTrailLookupSource(options: CloudTrailLookupOptions): ActivitySource {
  return {
    description: "CloudTrail LookupEvents (management events)",
    read: (window) => read(options, window),
  };
}

async function* read(
  options: CloudTrailLookupOptions,
  window: ActivityWindow,
): AsyncGenerator<ActivityItem[]> {
  const interval = 1000 / (options.requestsPerSecond ?? 2);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  let token: string | undefined;
  let last = Number.NEGATIVE_INFINITY;
  let page = 0;
  do {
    const wait = last + interval - now();
    if (wait > 0) await sleep(wait);
    page++;
    let output: LookupEventsCommandOutput;
    try {
      output = await options.cloudtrail.send(
        new LookupEventsCommand({
          StartTime: new Date(window.start),
          EndTime: new Date(window.end),
          MaxResults: 50,
          ...(token ? { NextToken: token } : {}),
        }),
      );
    } catch (cause) {
      throw new ActivitySourceError(`LookupEvents failed: ${(cause as Error).message}`, { cause });
    }
    // Counted from the response, not the request: the next request then reaches AWS at least one
    // interval after this one did, however long the SDK took to put either on the wire.
    last = now();
    const events = output.Events ?? [];
    const batch: ActivityItem[] = [];
    for (let i = 0; i < events.length; i++)
      itemsFromDocument(events[i], `LookupEvents page ${page} [${i}]`, batch);
    yield batch;
    token = output.NextToken;
  } while (token);
}
