import { ActivityAggregator } from "../activity/aggregate.js";
import type { ActivitySource, ActivityWindow } from "../activity/types.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ProgressListener } from "./progress.js";

const PROGRESS_EVERY = 50_000;

/** Streams every source through one aggregator; memory grows with distinct tuples, not events. */
export async function aggregateActivity(
  catalog: Catalog,
  sources: readonly ActivitySource[],
  window: ActivityWindow,
  maxResources: number,
  onProgress: ProgressListener,
): Promise<ActivityAggregate> {
  const aggregator = new ActivityAggregator(catalog, { window, maxResources });
  let items = 0;
  for (const source of sources) {
    onProgress({ phase: "activity", message: `reading ${source.description}`, done: items });
    let next = PROGRESS_EVERY;
    for await (const batch of source.read(window)) {
      for (const item of batch) aggregator.add(item);
      items += batch.length;
      if (items >= next) {
        onProgress({ phase: "activity", message: "events read", done: items });
        next = items + PROGRESS_EVERY;
      }
    }
  }
  return aggregator.result();
}
